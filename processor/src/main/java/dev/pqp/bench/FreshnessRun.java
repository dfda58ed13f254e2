package dev.pqp.bench;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.PqpConfig;
import dev.pqp.schema.ModelWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * End-to-end freshness, measured live: pqp runs in a JVM of its own ({@code pqp bench-run --system=live}) on a
 * paced stream of the benchmark's events stamped with the current time, with short windows, while the bench's
 * JVM reads pqp's model-window topic (read_committed, as a downstream reader sees it). A window closes by
 * definition at its end plus grace in event time; what pqp adds is the delay from then, in wall time, to the
 * moment the window's model-window records (one per version) can be read. That delay is measured for every
 * window that the paced events close; windows still open when the pacing stops are left out.
 */
public final class FreshnessRun {
  /** The line the live child prints once pqp is RUNNING. */
  static final String RUNNING_LINE = "BENCH_LIVE_RUNNING";
  private static final long WAIT_AFTER_MS = 30_000;

  private FreshnessRun() {}

  /**
   * What to run: {@code seconds} of {@code rate} events/s, windows of {@code windowMs} with {@code graceMs} grace,
   * the events written and batched in {@code shape}.
   */
  public record Options(int seconds, int rate, long windowMs, long graceMs, EventShape shape) {}

  /**
   * One window closed by the paced events.
   *
   * @param endMs the window's end, epoch ms
   * @param records model-window records read for it (one per model version), 0 if none came
   * @param delayMs wall time the last of them could be read minus (end + grace); meaningless when none came
   */
  public record Window(long endMs, int records, long delayMs) {}

  /** The live run: {@code events} paced from {@code firstEventMs} to {@code lastEventMs}, and its windows. */
  public record Result(Options options, long events, long firstEventMs, long lastEventMs, List<Window> windows) {}

  /** The child's side: starts pqp, says so once it is RUNNING, runs until its standard input closes. */
  public static void serve(PqpConfig config) throws Exception {
    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (runtime.streams().state() != KafkaStreams.State.RUNNING) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("pqp did not reach RUNNING in 5 minutes (" + runtime.streams().state() + ")");
        }
        Thread.sleep(10);
      }
      System.out.println(RUNNING_LINE);
      System.out.flush();
      while (System.in.read() >= 0) {
        // the bench closes our input when it is done
      }
    }
  }

  /**
   * Runs the live child with {@code settings} (which name {@code input} and {@code output} as its predictions and
   * model-window topics, both existing, and the window and grace of {@code o}), paces the events into
   * {@code input}, and measures each window's delay on {@code output}.
   */
  static Result run(String servers, String input, int partitions, String output, Options o, Map<String, String> settings,
      List<String> jvmArgs, Path log, long seed) throws Exception {
    Process child = ChildRun.start("live", 0, 0, settings, jvmArgs, log);
    Map<Long, List<Long>> arrivals = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread reader = new Thread(() -> read(servers, output, arrivals, stop, failed), "bench-freshness-reader");
    try {
      awaitRunning(child, log);
      reader.start();
      long[] paced = pace(servers, input, partitions, o, seed);
      long deadline = System.currentTimeMillis() + WAIT_AFTER_MS;
      while (System.currentTimeMillis() < deadline && failed.get() == null
          && !windows(arrivals, paced[1], paced[2], o.windowMs(), o.graceMs()).stream().allMatch(w -> w.records() >= 2)) {
        Thread.sleep(50);
      }
      stop.set(true);
      reader.join(10_000);
      if (failed.get() != null) {
        throw failed.get();
      }
      return new Result(o, paced[0], paced[1], paced[2], windows(arrivals, paced[1], paced[2], o.windowMs(), o.graceMs()));
    } finally {
      stop.set(true);
      child.getOutputStream().close(); // the child stops cleanly
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  /**
   * The windows closed by events from {@code firstEventMs} to {@code lastEventMs} (each with its end plus grace at
   * or before the last event), oldest first, with the arrivals of their records (wall ms, by window end).
   */
  static List<Window> windows(Map<Long, List<Long>> arrivals, long firstEventMs, long lastEventMs, long windowMs,
      long graceMs) {
    List<Window> out = new ArrayList<>();
    for (long end = firstEventMs - Math.floorMod(firstEventMs, windowMs) + windowMs; end + graceMs <= lastEventMs;
        end += windowMs) {
      List<Long> at = arrivals.getOrDefault(end, List.of());
      long last = at.stream().mapToLong(Long::longValue).max().orElse(0);
      out.add(new Window(end, at.size(), at.isEmpty() ? 0 : last - end - graceMs));
    }
    return out;
  }

  private static void awaitRunning(Process child, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(RUNNING_LINE)) {
        return;
      }
      if (!child.isAlive()) {
        throw new IllegalStateException("the live pqp process exited " + child.exitValue() + "; log: " + log);
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the live pqp process was not RUNNING within 3 minutes; log: " + log);
  }

  /** Sends the events at the rate, each stamped with the wall clock as it is sent; {events, first ms, last ms}. */
  private static long[] pace(String servers, String topic, int partitions, Options o, long seed) throws Exception {
    long n = (long) o.seconds() * o.rate();
    BenchEvents events = new BenchEvents(n, 0, 1, o.windowMs(), seed, o.shape());
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    o.shape().configure(p);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    long first = 0;
    long last = 0;
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      long t0 = System.nanoTime();
      for (long i = 0; i < n && failed.get() == null; i++) {
        long wait = t0 + i * 1_000_000_000L / o.rate() - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long ts = System.currentTimeMillis();
        first = i == 0 ? ts : first;
        last = ts;
        byte[] key = Long.toHexString(i).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, (int) (i % partitions), ts, key, events.json(events.draw(i, ts, r))),
            (md, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return new long[] {n, first, last};
  }

  /** Reads {@code topic} from its start until {@code stop}, noting when each model-window record could be read. */
  private static void read(String servers, String topic, Map<Long, List<Long>> arrivals, AtomicBoolean stop,
      AtomicReference<Exception> failed) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (!stop.get()) {
        var records = consumer.poll(Duration.ofMillis(20));
        long now = System.currentTimeMillis();
        for (var rec : records) {
          ModelWindow w = ModelWindow.getDecoder().decode(rec.value());
          arrivals.computeIfAbsent(w.getWindowEnd(), k -> new CopyOnWriteArrayList<>()).add(now);
        }
      }
    } catch (Exception e) {
      failed.compareAndSet(null, e);
    }
  }
}
