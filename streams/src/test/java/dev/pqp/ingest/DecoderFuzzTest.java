package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.NOW;
import static dev.pqp.ingest.IngestFixtures.RECORD_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pqp.config.Limits;
import dev.pqp.event.Event;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Records in = valid events + rejections with a reason, whatever the bytes: the decoder, fed mutations of
 * valid JSON and Avro records of the three event types, Avro whose lengths and counts lie, and hostile or
 * giant JSON, never throws anything but a {@link Rejection} (which has a reason code and a message), every
 * event it returns passes the validator, and no record costs more than {@link #MAX_BYTES_PER_RECORD}
 * allocated or {@link #MAX_CPU_NANOS_PER_RECORD} of CPU. Fixed seed and tries, so a CI run is repeatable.
 */
class DecoderFuzzTest {
  private static final String SEED = "20260131";
  static final long MAX_BYTES_PER_RECORD = 64L << 20;
  static final long MAX_CPU_NANOS_PER_RECORD = 1_000_000_000L;
  /** Generous: the machine may be busy; CPU time is the real bound, this one catches endless loops. */
  private static final Duration WALL_CLOCK_LIMIT = Duration.ofSeconds(20);
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final Map<String, long[]> WORST = new ConcurrentHashMap<>();

  /** One decoder per topic type, reused across records as a stream task reuses it. */
  private final Map<EventType, EventDecoder> decoders = new EnumMap<>(EventType.class);
  private final Validator validator = new Validator(Limits.defaults());
  private ExecutorService worker = newWorker();

  DecoderFuzzTest() {
    for (EventType t : EventType.values()) {
      decoders.put(t, new EventDecoder(t, Limits.defaults(), ValidRecords.registry()));
    }
  }

  /** Without jqwik's edge cases: they would flip the first byte of a fifth of the records. */
  @Property(tries = 10_000, seed = SEED, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  void shouldClassifyEveryMutationOfAValidRecord(@ForAll("mutatedRecords") FuzzSample sample) {
    classify("mutations", sample);
  }

  @Property(tries = 6000, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void shouldClassifyAvroWhoseLengthsAndCountsLie(@ForAll("lyingAvro") FuzzSample sample) {
    classify("avro lengths and counts", sample);
  }

  @Property(tries = 6000, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void shouldClassifyJsonWithHostileValues(@ForAll("spoiledJson") FuzzSample sample) {
    classify("hostile json values", sample);
  }

  @Property(tries = 300, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void shouldClassifyGiantRecordsInBoundedMemory(@ForAll("giants") FuzzSample sample) {
    classify("giant records", sample);
  }

  @Provide
  Arbitrary<FuzzSample> mutatedRecords() {
    return Combinators.combine(ValidRecords.encoded(), ValidRecords.encoded(),
        Mutations.mutations().list().ofMinSize(1).ofMaxSize(4), topics()).as(DecoderFuzzTest::mutate);
  }

  @Provide
  Arbitrary<FuzzSample> lyingAvro() {
    return HostileAvro.samples();
  }

  @Provide
  Arbitrary<FuzzSample> spoiledJson() {
    return HostileJson.spoiledEvents();
  }

  @Provide
  Arbitrary<FuzzSample> giants() {
    return Arbitraries.frequencyOf(Tuple.of(3, HostileJson.giants()), Tuple.of(1, HostileAvro.giants()));
  }

  /** The topic type a record is sent to: mostly its own; on another, Avro is read with a different schema. */
  static Arbitrary<Optional<EventType>> topics() {
    return Arbitraries.of(EventType.class).optional(0.2);
  }

  private static FuzzSample mutate(ValidRecords.Encoded base, ValidRecords.Encoded other, List<Mutations.Mutation> ms,
      Optional<EventType> topic) {
    byte[] bytes = base.bytes();
    for (Mutations.Mutation m : ms) {
      bytes = Mutations.apply(bytes, m, other.bytes());
    }
    String how = base.format() + " " + base.type() + topic.map(t -> " on the " + t + " topic").orElse("") + " " + ms;
    return new FuzzSample(topic.orElse(base.type()), bytes, how);
  }

  /** Decodes once and checks the outcome and its cost. */
  private void classify(String property, FuzzSample sample) {
    Outcome o = decodeOnWorker(sample);
    // the mix of outcomes, in jqwik's report (-Djqwik.reporting.onlyfailures=false): the fuzz must reach past the
    // wire format into every reader and the validator, not stop at unknown_format
    Statistics.collect(o.rejection() != null ? o.rejection().reason().code() : o.event() != null ? "event" : "escaped");
    WORST.merge(property, new long[] {o.allocated(), o.cpuNanos(), sample.bytes().length},
        (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.max(a[2], b[2])});
    if (o.escaped() != null) { // what escapes here reaches Kafka Streams' generic handler: no reason, no count
      fail("decoder threw " + o.escaped() + " for " + sample, o.escaped());
    }
    assertThat(o.allocated()).as("bytes allocated decoding %s", sample).isLessThan(MAX_BYTES_PER_RECORD);
    assertThat(o.cpuNanos()).as("CPU nanoseconds decoding %s", sample).isLessThan(MAX_CPU_NANOS_PER_RECORD);
    if (o.rejection() != null) {
      assertThat(o.rejection().reason()).as("reason of the rejection of %s", sample)
          .isNotNull().isNotEqualTo(RejectReason.PROCESSING_ERROR);
      assertThat(o.rejection().getMessage()).as("message of the rejection of %s", sample).isNotBlank();
    } else {
      assertThat(o.event()).as("event of %s", sample).isNotNull();
      assertThat(o.event().type()).as("type of the event of %s", sample).isEqualTo(sample.type().label());
      try {
        validator.validate(o.event(), NOW);
      } catch (Rejection r) {
        fail("decoder returned " + o.event() + ", which the validator rejects (" + r.getMessage() + "), for " + sample);
      }
    }
  }

  private record Outcome(Event event, Rejection rejection, Throwable escaped, long allocated, long cpuNanos) {}

  /**
   * Decodes on a worker thread, so that a decoder that loops forever fails the property instead of hanging
   * the build; allocation and CPU time are those of the worker thread during the decode alone.
   */
  private Outcome decodeOnWorker(FuzzSample sample) {
    EventDecoder decoder = decoders.get(sample.type());
    Future<Outcome> running = worker.submit(() -> {
      long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
      long cpuBefore = THREADS.getCurrentThreadCpuTime();
      Event event = null;
      Rejection rejection = null;
      Throwable escaped = null;
      try {
        event = decoder.decode(sample.bytes(), RECORD_TIME, NOW);
      } catch (Rejection r) {
        rejection = r;
      } catch (Throwable t) {
        escaped = t;
      }
      return new Outcome(event, rejection, escaped, THREADS.getCurrentThreadAllocatedBytes() - bytesBefore,
          THREADS.getCurrentThreadCpuTime() - cpuBefore);
    });
    try {
      return running.get(WALL_CLOCK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      worker = newWorker(); // the stuck thread is a daemon and cannot be stopped; the next sample gets a new one
      decoders.replaceAll((t, d) -> new EventDecoder(t, Limits.defaults(), ValidRecords.registry()));
      return fail("decoder did not return within " + WALL_CLOCK_LIMIT + " for " + sample);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @AfterProperty
  void stopWorker() {
    worker.shutdownNow();
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "decoder-fuzz");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterContainer
  static void reportWorstCost() {
    WORST.forEach((property, w) -> System.out.printf(Locale.ROOT,
        "decoder fuzz, %s: at most %.1f MB allocated and %.1f ms CPU per record (largest record %d bytes)%n",
        property, w[0] / 1e6, w[1] / 1e6, w[2]));
  }
}
