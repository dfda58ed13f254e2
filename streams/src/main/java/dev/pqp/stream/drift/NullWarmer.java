package dev.pqp.stream.drift;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceProfile;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Draws the null distributions a reference's windows will read ({@link DriftEvaluator#prepare}) on a background
 * thread of the process as soon as stage 2 sees the reference (a published one when it is first read, an automatic
 * one when its last window is finalized), not when its first window is evaluated: that evaluation runs inside a
 * transaction whose timeout is a few seconds, and a model with hundreds of features would spend up to a second
 * there drawing its nulls. An evaluation that comes first draws what it needs itself, to the same values.
 *
 * <p>One thread, started on demand and stopped after {@value #IDLE_SECONDS} s without work; each reference once
 * per process (at most {@value #MAX_REMEMBERED} remembered). It works on its own decoded copy of the reference,
 * since sketches are not safe to read from two threads.
 */
final class NullWarmer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NullWarmer.class);
  private static final int IDLE_SECONDS = 30;
  private static final int MAX_REMEMBERED = 10_000;

  private final DriftEvaluator drift;
  private final int windowK;
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "pqp-null-draws");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
      });

  /** @param windowK the KLL size of the windows' numeric sketches ({@code profile.kll-k}) */
  NullWarmer(DriftEvaluator drift, int windowK) {
    this.drift = drift;
    this.windowK = windowK;
    executor.allowCoreThreadTimeOut(true);
  }

  /** Draws the nulls of the reference encoded as {@code bytes} ({@link ReferenceCodec}) in the background. */
  void prepare(byte[] bytes) {
    executor.execute(() -> draw(bytes));
  }

  /** As {@link #prepare(byte[])}, for a reference built in memory (encoded here: the copy is the warmer's own). */
  void prepare(ReferenceProfile reference) {
    prepare(ReferenceCodec.encode(reference));
  }

  private void draw(byte[] bytes) {
    try {
      ReferenceProfile reference = ReferenceCodec.decode(bytes);
      String key = DriftEvaluator.nullKey(reference);
      if (prepared.size() >= MAX_REMEMBERED) {
        prepared.clear();
      }
      if (!prepared.add(key)) {
        return;
      }
      long started = System.nanoTime();
      drift.prepare(reference, windowK);
      LOG.debug("drew the null distributions of reference {} in {} ms", key,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (RuntimeException e) {
      // the evaluations draw what they need themselves: nothing is lost but the head start
      LOG.debug("could not draw the null distributions of a reference ahead of its windows", e);
    }
  }
}
