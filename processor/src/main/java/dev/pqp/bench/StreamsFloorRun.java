package dev.pqp.bench;

import dev.pqp.app.StreamsSettings;
import dev.pqp.config.PqpConfig;
import dev.pqp.event.Event;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.Rejection;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.WindowProfile;
import dev.pqp.topology.store.ProcessorStores;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The floor of doing the baseline's work inside Kafka Streams: a one-node topology that reads the predictions
 * as bytes and does exactly what {@link BaselineRun} does with each record (decode with {@link EventDecoder},
 * add to an on-heap {@link WindowProfile} per model, version and window), with Kafka Streams configured as pqp
 * configures it ({@link StreamsSettings}: the same guarantee, threads, commit interval, task idling). It keeps
 * no state store, writes no changelog, repartition or output record and has no stage 2.
 *
 * <p>Its CPU per event minus the baseline's is what Kafka Streams itself costs per record (the record queues,
 * the processor context, its per-record sensors, exactly-once transactions); pqp's minus the floor's is what
 * pqp adds on top (stores, stage 2, metrics, outputs).
 *
 * <p><b>The join floor.</b> With labels ({@code --labels}), the same node also reads the labels topic, co-partitioned
 * (one task reads partition {@code i} of both, with the task idling pqp sets for its co-partitioned join), and does
 * the least a durable exactly-once join by prediction_id can: a prediction is profiled as above and stored in a logged,
 * segmented RocksDB window store as pqp's join stores its entries (a 64-bit hash of its id as the key, a 15-byte
 * value, one segment per quarter of the max delay, kept a max delay and a segment: shorter than pqp's, which keeps
 * joined entries for duplicates and later outcomes); a label is decoded, looks its prediction up (one get) and marks it joined
 * (one put). Every put writes a changelog record in the transaction. No early labels, duplicates, expiry, outcomes,
 * counts or hand-over: its CPU per prediction with its label is what Kafka Streams, RocksDB and the changelog cost
 * such a join at the least, against which pqp's join is measured.
 */
public final class StreamsFloorRun {
  private static final long POLL_NANOS = 50_000_000;

  private StreamsFloorRun() {}

  private record Key(String model, String version, long windowStart) {}

  /** Reads {@code n} records of the predictions topic from the beginning, and {@code labels} of the labels topic. */
  public static RunResult run(PqpConfig config, long n, long labels) {
    long records = n + labels;
    LongAdder seen = new LongAdder();
    LongAdder rejected = new LongAdder();
    Properties props = StreamsSettings.of(config);
    long started = System.nanoTime();
    double seconds;
    long cpu;
    long[] process;
    long counted0 = -1;
    try (KafkaStreams streams = new KafkaStreams(topology(config, labels > 0, seen, rejected), props)) {
      streams.start();
      long t0 = 0;
      Map<Long, Long> cpu0 = Map.of();
      ProcessCpu process0 = ProcessCpu.ZERO;
      while (true) {
        long count = seen.sum();
        long now = System.nanoTime();
        if (t0 == 0 && count > 0) {
          t0 = now;
        }
        if (counted0 < 0 && count >= records / 2) {
          cpu0 = ThreadCpu.snapshot(config.applicationId());
          process0 = ProcessCpu.now();
          counted0 = count;
        }
        if (count >= records) {
          seconds = (now - t0) / 1e9;
          cpu = ThreadCpu.between(cpu0, ThreadCpu.snapshot(config.applicationId()));
          process = ProcessCpu.since(process0);
          break;
        }
        if (now - started > Duration.ofMinutes(10).toNanos()) {
          throw new IllegalStateException("the Kafka Streams floor read only " + count + " of " + records + " records in 10 minutes");
        }
        LockSupport.parkNanos(POLL_NANOS);
      }
      streams.close(Duration.ofSeconds(30));
    }
    if (rejected.sum() > 0) {
      throw new IllegalStateException("the Kafka Streams floor rejected " + rejected.sum() + " records; the generator is wrong");
    }
    String name = (labels > 0 ? "  + join floor (" : "Kafka Streams floor (") + config.guarantee().streamsValue() + ", "
        + config.streamThreads() + (config.streamThreads() == 1 ? " thread)" : " threads)");
    // with labels, per prediction with its label: the measured half's records are pairs
    long measured = labels > 0 ? (records - counted0) * n / records : n - counted0;
    return new RunResult(name, n, seconds, Double.NaN, cpu, process[0], measured, null, List.of(),
        RunResult.heapUsedAfterGc(), null, RunResult.peakRssNow(), process[1], process[2]);
  }

  private static Topology topology(PqpConfig config, boolean join, LongAdder seen, LongAdder rejected) {
    long windowMs = config.windowSize().toMillis();
    Topology topology = new Topology();
    topology.addSource("predictions", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        config.topics().predictions());
    if (!join) {
      topology.addProcessor("profile", () -> new Profiler(config, windowMs, seen, rejected), "predictions");
      return topology;
    }
    topology.addSource("labels", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        config.topics().groundTruth());
    Duration maxDelay = config.analysis().groundTruth().maxDelay();
    Duration segment = maxDelay.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : maxDelay.dividedBy(4);
    topology.addProcessor("profile", () -> new Joiner(new Profiler(config, windowMs, seen, rejected), config, segment,
        seen, rejected), "predictions", "labels");
    topology.addStateStore(ProcessorStores.segmented(Joiner.STORE, maxDelay.plus(segment), segment, Serdes.Long(),
        Serdes.ByteArray()), "profile");
    return topology;
  }

  /** The join floor's node: predictions profiled and stored, labels looked up and marked joined. */
  private static final class Joiner implements Processor<byte[], byte[], Void, Void> {
    static final String STORE = "floor-waiting";
    private final Profiler profiler;
    private final EventDecoder labels;
    private final long segmentMs;
    private final LongAdder seen;
    private final LongAdder rejected;
    private final ByteBuffer value = ByteBuffer.allocate(15);
    private ProcessorContext<Void, Void> context;
    private WindowStore<Long, byte[]> store;

    Joiner(Profiler profiler, PqpConfig config, Duration segment, LongAdder seen, LongAdder rejected) {
      this.profiler = profiler;
      this.labels = new EventDecoder(EventType.GROUND_TRUTH, config.limits(), WriterSchemas.NONE);
      this.segmentMs = segment.toMillis();
      this.seen = seen;
      this.rejected = rejected;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
      profiler.init(context);
    }

    @Override
    public void process(Record<byte[], byte[]> rec) {
      if (!context.recordMetadata().orElseThrow().topic().equals(profiler.config.topics().groundTruth())) {
        Prediction p = profiler.profile(rec);
        if (p != null) {
          store.put(key(p.predictionId()), entry(0, p.timestampMs()), slot(p.timestampMs()));
        }
        return;
      }
      seen.increment();
      GroundTruth g;
      try {
        g = (GroundTruth) labels.decode(rec.value(), rec.timestamp(), context.currentSystemTimeMs());
      } catch (Rejection r) {
        rejected.increment();
        return;
      }
      long key = key(g.predictionId());
      // its prediction is in the segment of its time, at most max-delay before the label: the newest first
      for (long s = slot(g.timestampMs()); s >= slot(g.timestampMs() - 4 * segmentMs); s -= segmentMs) {
        byte[] waiting = store.fetch(key, s);
        if (waiting != null) {
          store.put(key, entry(1, g.timestampMs()), s);
          return;
        }
      }
    }

    private static long key(String id) {
      return MurmurHash3.hash(id.getBytes(StandardCharsets.UTF_8), 0x7071705fL)[0];
    }

    private long slot(long timeMs) {
      return Math.floorDiv(Math.max(0L, timeMs), segmentMs) * segmentMs;
    }

    /** A value of pqp's compact entries' size: flags, a 4-byte offset, a 2-byte version, the 8-byte score. */
    private byte[] entry(int flags, long timeMs) {
      value.clear();
      value.put((byte) flags).putInt((int) (timeMs - slot(timeMs))).putShort((short) 0).putDouble(0.5);
      return value.array().clone();
    }
  }

  /** The baseline's work on one task's records. */
  private static final class Profiler implements Processor<byte[], byte[], Void, Void> {
    final PqpConfig config;
    private final long windowMs;
    private final LongAdder seen;
    private final LongAdder rejected;
    private final EventDecoder decoder;
    private final Map<Key, WindowProfile> profiles = new HashMap<>();
    private ProcessorContext<Void, Void> context;

    Profiler(PqpConfig config, long windowMs, LongAdder seen, LongAdder rejected) {
      this.config = config;
      this.windowMs = windowMs;
      this.seen = seen;
      this.rejected = rejected;
      this.decoder = new EventDecoder(EventType.PREDICTION, config.limits(), WriterSchemas.NONE);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> rec) {
      profile(rec);
    }

    /** Decodes and profiles one prediction record; the prediction, or null if rejected. */
    Prediction profile(Record<byte[], byte[]> rec) {
      long now = context.currentSystemTimeMs(); // Kafka Streams' cached wall clock, as pqp's stage 1 reads it
      Event e;
      try {
        e = decoder.decode(rec.value(), rec.timestamp(), now);
      } catch (Rejection r) {
        rejected.increment();
        seen.increment();
        return null;
      }
      Prediction p = e instanceof Prediction q ? q : null;
      if (p != null) {
        long ts = p.timestampMs();
        long start = ts - Math.floorMod(ts, windowMs);
        profiles.computeIfAbsent(new Key(p.modelName(), p.modelVersion(), start),
            k -> new WindowProfile(config.analysis().profile())).add(p, now, FeatureBounds.NONE, false);
      }
      seen.increment();
      return p;
    }
  }
}
