package dev.pqp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.ingest.registry.RegistryUnavailableException;
import dev.pqp.ingest.registry.UnknownSchemaIdException;
import dev.pqp.testing.CapturedLog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outage guard against a fake clock and a scripted lookup: exactly which calls reach the registry. */
class RegistryOutageTest {
  private static final Duration PROBE = Duration.ofSeconds(5);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final RegistryOutage outage = new RegistryOutage(PROBE, nanos::get);
  private final AtomicInteger requests = new AtomicInteger();
  private CapturedLog log;

  @BeforeEach
  void captureLog() {
    log = CapturedLog.of(RegistryOutage.class);
  }

  @AfterEach
  void releaseLog() {
    log.close();
  }

  private void advance(long ms) {
    nanos.addAndGet(ms * 1_000_000);
  }

  /** A lookup that reaches the registry: counted, then {@code answer}. */
  private Supplier<String> lookup(Supplier<String> answer) {
    return () -> {
      requests.incrementAndGet();
      return answer.get();
    };
  }

  private Supplier<String> up() {
    return lookup(() -> "schema");
  }

  /** Unavailable after blocking for {@code blockedMs} (a black hole that times out). */
  private Supplier<String> down(long blockedMs) {
    return lookup(() -> {
      advance(blockedMs);
      throw new RegistryUnavailableException("timed out", null);
    });
  }

  @Test
  void shouldAskTheRegistryEveryTimeWhileItIsUp() {
    for (int i = 0; i < 3; i++) {
      assertThat(outage.call(up())).isEqualTo("schema");
    }

    assertThat(requests).hasValue(3);
    assertThat(outage.isDown()).isFalse();
    assertThat(log.lines).isEmpty();
  }

  @Test
  void shouldFailFastAfterAnOutageAndProbeOncePerIntervalCountedFromTheLastFailure() {
    assertThatThrownBy(() -> outage.call(down(5_000))).hasMessage("timed out"); // ends at t = 5 s
    assertThat(requests).hasValue(1);
    assertThat(outage.isDown()).isTrue();

    // until t = 10 s nothing reaches the registry
    for (long at : new long[] {0, 1, 2_500, 4_999}) {
      nanos.set(1_000_000_000_000L + (5_000 + at) * 1_000_000);
      assertThatThrownBy(() -> outage.call(up()))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("not asked")
          .hasMessageContaining("last error: timed out");
    }
    assertThat(requests).hasValue(1);

    advance(1); // t = 10 s: one probe, black-holed again until t = 15 s
    assertThatThrownBy(() -> outage.call(down(5_000))).hasMessage("timed out");
    assertThat(requests).hasValue(2);
    advance(4_999); // t = 19.999 s: still within the interval after the failed probe, not after its start
    assertThatThrownBy(() -> outage.call(up())).hasMessageContaining("next probe in 1 ms");
    assertThat(requests).hasValue(2);

    advance(1); // t = 20 s: the probe succeeds and ends the outage
    assertThat(outage.call(up())).isEqualTo("schema");
    assertThat(outage.call(up())).isEqualTo("schema");
    assertThat(requests).hasValue(4);
    assertThat(outage.isDown()).isFalse();
    assertThat(log.lines).hasSize(2);
    assertThat(log.lines.get(0)).startsWith("WARN Schema registry unavailable").contains("one probe every 5000 ms");
    assertThat(log.lines.get(1))
        .isEqualTo("INFO Schema registry answers again after 15.0 s of outage; 5 lookups of new schema ids failed"
            + " fast meanwhile (dead-lettered as registry_unavailable)");
  }

  @Test
  void shouldLogOneWarningForFailuresThatOverlapAndOneInfoWhenItEnds() {
    assertThatThrownBy(() -> outage.call(down(0))).isInstanceOf(RegistryUnavailableException.class);
    advance(5_000);
    assertThatThrownBy(() -> outage.call(down(0))).isInstanceOf(RegistryUnavailableException.class);
    advance(5_000);
    assertThatThrownBy(() -> outage.call(down(0))).isInstanceOf(RegistryUnavailableException.class);
    advance(5_000);
    outage.call(up());

    assertThat(requests).hasValue(4);
    assertThat(log.lines).extracting(l -> l.substring(0, 4)).containsExactly("WARN", "INFO");
  }

  @Test
  void shouldEndTheOutageOnAnyAnswerOfTheRegistryEvenAnUnknownId() {
    assertThatThrownBy(() -> outage.call(down(0))).isInstanceOf(RegistryUnavailableException.class);
    advance(5_000);

    assertThatThrownBy(() -> outage.call(lookup(() -> {
      throw new UnknownSchemaIdException(9, 404, 40403);
    }))).isInstanceOf(UnknownSchemaIdException.class);

    assertThat(outage.isDown()).isFalse();
    assertThat(outage.call(up())).isEqualTo("schema");
    assertThat(requests).hasValue(3);
  }

  @Test
  void shouldLetTheNextCallProbeWhenAProbeFailsForAReasonUnrelatedToTheRegistry() {
    assertThatThrownBy(() -> outage.call(down(0))).isInstanceOf(RegistryUnavailableException.class);
    advance(5_000);

    assertThatThrownBy(() -> outage.call(lookup(() -> {
      throw new IllegalStateException("bug");
    }))).isInstanceOf(IllegalStateException.class);

    assertThat(outage.isDown()).isTrue();
    assertThat(outage.call(up())).isEqualTo("schema"); // the probe was released, not lost
    assertThat(requests).hasValue(3);
  }

  /** A probe under way, after an outage and its interval: it answers with {@code answer} once released. */
  private final class ProbeUnderWay {
    final CountDownLatch release = new CountDownLatch(1);
    final CompletableFuture<String> probe;

    ProbeUnderWay(Supplier<String> answer) throws InterruptedException {
      assertThatThrownBy(() -> outage.call(down(0))).isInstanceOf(RegistryUnavailableException.class);
      advance(5_000);
      CountDownLatch probing = new CountDownLatch(1);
      probe = CompletableFuture.supplyAsync(() -> outage.call(lookup(() -> {
        probing.countDown();
        await(release);
        return answer.get();
      })));
      assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void shouldLetOnlyOneThreadProbeWhileOthersWaitForItsAnswer() throws Exception {
    ProbeUnderWay p = new ProbeUnderWay(() -> "schema");
    CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> outage.call(up()));
    Thread.sleep(200);
    assertThat(waiting).as("a second lookup waits for the probe").isNotDone();
    assertThat(requests).hasValue(2); // the failure and the probe: the waiting lookup asked nothing yet

    p.release.countDown();
    assertThat(p.probe.get(10, TimeUnit.SECONDS)).isEqualTo("schema");
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("schema"); // the registry is back: it asked
    assertThat(requests).hasValue(3);
  }

  @Test
  void shouldFailTheWaitingLookupsFastWhenTheProbeFails() throws Exception {
    ProbeUnderWay p = new ProbeUnderWay(() -> {
      throw new RegistryUnavailableException("still down", null);
    });
    CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> outage.call(up()));
    Thread.sleep(200);
    p.release.countDown();
    assertThatThrownBy(() -> p.probe.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RegistryUnavailableException.class);
    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("next probe in");
    assertThat(requests).hasValue(2); // the failure and the probe; the waiting lookup failed fast after it
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
