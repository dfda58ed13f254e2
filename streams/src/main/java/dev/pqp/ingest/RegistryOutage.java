package dev.pqp.ingest;

import dev.pqp.ingest.registry.RegistryException;
import dev.pqp.ingest.registry.RegistryUnavailableException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers that the schema registry is down, so that records with schema ids pqp has not seen fail at once
 * instead of each waiting for the request timeout. Consumes registry lookups (as {@link Supplier}s); emits
 * their answers, or a {@link RegistryUnavailableException} without a request while the registry is down.
 *
 * <p>Why: the lookup runs on a stream thread inside an exactly-once transaction. A registry that accepts
 * connections and never answers blocks the thread for a whole request timeout per lookup; a burst of records
 * with new ids would keep the transaction open far past {@code transaction.timeout.ms}, the producer would be
 * fenced, the task restarted, and the same records replayed: a livelock.
 *
 * <p>A lookup that fails as unavailable starts an outage. During it, one lookup per probe interval is let
 * through as a probe; the interval counts from the end of the last failed probe, so a probe that blocks for
 * the request timeout is followed by a full interval of fast failures, never by another blocked probe. Any
 * answer from the registry (a schema, an unknown id, a refusal) ends the outage. Thread-safe: stream threads
 * share one; at most one probe is in flight, and a lookup that comes while it is waits for its answer (bounded by
 * the request timeout, like the probe) instead of failing fast. Logs one WARN when an outage starts and one INFO when it ends.
 */
final class RegistryOutage {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);

  private final long probeIntervalNanos;
  private final LongSupplier nanoClock;

  // guarded by this
  private boolean down;
  private boolean probing;
  private long downSince;
  private long nextProbeAt;
  private long failedFast;
  private String lastError;

  /**
   * @param probeInterval how long lookups fail fast after the last failure before one is let through again
   * @param nanoClock monotonic nanoseconds, {@code System::nanoTime} in production (a wall clock set back
   *     would stretch an outage)
   */
  RegistryOutage(Duration probeInterval, LongSupplier nanoClock) {
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("probe interval must be positive: " + probeInterval);
    }
    this.probeIntervalNanos = probeInterval.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * Runs {@code lookup} unless the registry is down and no probe is due.
   *
   * @throws RegistryUnavailableException from the lookup, or at once while the registry is down
   */
  <T> T call(Supplier<T> lookup) {
    boolean probe = admit();
    boolean settled = false;
    try {
      T answer = lookup.get();
      answered(probe);
      settled = true;
      return answer;
    } catch (RegistryUnavailableException e) {
      failed(probe, e);
      settled = true;
      throw e;
    } catch (RegistryException e) {
      answered(probe); // a refusal or an unknown id is an answer: the registry is up
      settled = true;
      throw e;
    } finally {
      if (!settled) {
        release(probe); // something else went wrong: it says nothing about the registry
      }
    }
  }

  /** Whether an outage is going on. */
  synchronized boolean isDown() {
    return down;
  }

  /** True if this call is the outage's probe, false if the registry is up; throws if it must fail fast. */
  private synchronized boolean admit() {
    while (down && probing) {
      // a probe is under way: its answer, due within the request timeout, decides for this call too (with
      // several stream threads, failing fast here dead-lettered records the registry was about to serve)
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!down) {
      return false;
    }
    long now = nanoClock.getAsLong();
    if (probing || now - nextProbeAt < 0) {
      failedFast++;
      String next = probing ? "a probe is under way" : "next probe in " + (nextProbeAt - now) / 1_000_000 + " ms";
      throw new RegistryUnavailableException(String.format(Locale.ROOT,
          "schema registry down for %.1f s, not asked (%s); last error: %s", (now - downSince) / 1e9, next, lastError),
          null);
    }
    probing = true;
    return true;
  }

  private synchronized void answered(boolean probe) {
    probing = probing && !probe;
    notifyAll();
    if (down) {
      down = false;
      LOG.info(String.format(Locale.ROOT, "Schema registry answers again after %.1f s of outage; %d lookups of"
          + " new schema ids failed fast meanwhile (dead-lettered as registry_unavailable)",
          (nanoClock.getAsLong() - downSince) / 1e9, failedFast));
    }
  }

  private synchronized void failed(boolean probe, RegistryUnavailableException e) {
    probing = probing && !probe;
    notifyAll();
    long now = nanoClock.getAsLong();
    lastError = e.getMessage();
    nextProbeAt = now + probeIntervalNanos;
    if (!down) {
      down = true;
      downSince = now;
      failedFast = 0;
      LOG.warn("Schema registry unavailable: records with schema ids not seen before go to the dead-letter topic as"
          + " registry_unavailable without asking it, one probe every {} ms until it answers; cause: {}",
          probeIntervalNanos / 1_000_000, lastError);
    }
  }

  private synchronized void release(boolean probe) {
    probing = probing && !probe;
    notifyAll();
  }
}
