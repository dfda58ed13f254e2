package dev.pqp.bench;

import dev.pqp.app.StreamsSettings;
import dev.pqp.config.PqpConfig;
import dev.pqp.event.Event;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.Rejection;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.WindowProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

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
 */
public final class StreamsFloorRun {
  private static final long POLL_NANOS = 50_000_000;

  private StreamsFloorRun() {}

  private record Key(String model, String version, long windowStart) {}

  /** Reads {@code n} records of the predictions topic from the beginning. */
  public static RunResult run(PqpConfig config, long n) {
    LongAdder seen = new LongAdder();
    LongAdder rejected = new LongAdder();
    Properties props = StreamsSettings.of(config);
    long started = System.nanoTime();
    double seconds;
    long cpu;
    long[] process;
    long counted0 = -1;
    try (KafkaStreams streams = new KafkaStreams(topology(config, seen, rejected), props)) {
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
        if (counted0 < 0 && count >= n / 2) {
          cpu0 = ThreadCpu.snapshot(config.applicationId());
          process0 = ProcessCpu.now();
          counted0 = count;
        }
        if (count >= n) {
          seconds = (now - t0) / 1e9;
          cpu = ThreadCpu.between(cpu0, ThreadCpu.snapshot(config.applicationId()));
          process = ProcessCpu.since(process0);
          break;
        }
        if (now - started > Duration.ofMinutes(10).toNanos()) {
          throw new IllegalStateException("the Kafka Streams floor read only " + count + " of " + n + " records in 10 minutes");
        }
        LockSupport.parkNanos(POLL_NANOS);
      }
      streams.close(Duration.ofSeconds(30));
    }
    if (rejected.sum() > 0) {
      throw new IllegalStateException("the Kafka Streams floor rejected " + rejected.sum() + " records; the generator is wrong");
    }
    String name = "Kafka Streams floor (" + config.guarantee().streamsValue() + ", " + config.streamThreads()
        + (config.streamThreads() == 1 ? " thread)" : " threads)");
    return new RunResult(name, n, seconds, Double.NaN, cpu, process[0], n - counted0, null, List.of(),
        RunResult.heapUsedAfterGc(), null, RunResult.peakRssNow(), process[1], process[2]);
  }

  private static Topology topology(PqpConfig config, LongAdder seen, LongAdder rejected) {
    long windowMs = config.windowSize().toMillis();
    Topology topology = new Topology();
    topology.addSource("predictions", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        config.topics().predictions());
    topology.addProcessor("profile", () -> new Profiler(config, windowMs, seen, rejected), "predictions");
    return topology;
  }

  /** The baseline's work on one task's records. */
  private static final class Profiler implements Processor<byte[], byte[], Void, Void> {
    private final PqpConfig config;
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
      long now = context.currentSystemTimeMs(); // Kafka Streams' cached wall clock, as pqp's stage 1 reads it
      Event e;
      try {
        e = decoder.decode(rec.value(), rec.timestamp(), now);
      } catch (Rejection r) {
        rejected.increment();
        seen.increment();
        return;
      }
      if (e instanceof Prediction p) {
        long ts = p.timestampMs();
        long start = ts - Math.floorMod(ts, windowMs);
        profiles.computeIfAbsent(new Key(p.modelName(), p.modelVersion(), start),
            k -> new WindowProfile(config.analysis().profile())).add(p, now, FeatureBounds.NONE, false);
      }
      seen.increment();
    }
  }
}
