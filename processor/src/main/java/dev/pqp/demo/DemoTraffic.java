package dev.pqp.demo;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the generator live on a thread at a fixed rate, with event time = wall-clock time. JSON and Avro
 * single-object records alternate on the same topic, as when two serving stacks share it.
 */
public final class DemoTraffic implements AutoCloseable {
  private final TrafficGenerator json;
  private final TrafficGenerator avro;
  private final TrafficPublisher publisher;
  private final double rate;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public DemoTraffic(long seed, long driftAtMs, double rate, TrafficPublisher publisher, String predictionsTopic,
      String groundTruthTopic) {
    this.json = new TrafficGenerator(seed, driftAtMs, 0.01, EventEncoder.json(), predictionsTopic, groundTruthTopic);
    this.avro = new TrafficGenerator(seed + 1, driftAtMs, 0.01, EventEncoder.avroSingleObject(), predictionsTopic,
        groundTruthTopic);
    this.publisher = publisher;
    this.rate = rate;
    this.thread = new Thread(this::loop, "pqp-demo-traffic");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    long startNs = System.nanoTime();
    long n = 0;
    while (running.get()) {
      long due = startNs + (long) (n / rate * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
      long now = System.currentTimeMillis();
      synchronized (publisher) {
        publisher.send((n % 2 == 0 ? json : avro).next(now));
      }
      n++;
    }
  }

  public long sent() {
    synchronized (publisher) {
      return publisher.sent();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5000);
    publisher.close();
  }
}
