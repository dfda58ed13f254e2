package dev.pqp.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CardinalityGuard guard = new CardinalityGuard(2, 2, 1_000, registry);

  private double overflow(String kind) {
    return registry.find("pqp.cardinality.overflow").tag("kind", kind).counter().count();
  }

  @Test
  void shouldCountVersionsBeyondTheCapUntilAnOldOneGoesStale() {
    assertThat(guard.admit("m", "v1", 0)).isTrue();
    assertThat(guard.admit("m", "v2", 500)).isTrue();
    assertThat(guard.admit("m", "v3", 900)).isFalse();
    assertThat(guard.admit("m", "v1", 900)).isTrue(); // known versions stay admitted
    assertThat(overflow("version")).isEqualTo(1.0);

    // v2 last seen at 500: stale after 1,000 ms; v1 was seen at 900 and is not
    assertThat(guard.admit("m", "v3", 1_600)).isTrue();
    assertThat(guard.admit("m", "v1", 1_600)).isTrue();
    assertThat(guard.admit("m", "v2", 1_600)).isFalse();
    assertThat(overflow("version")).isEqualTo(2.0);
  }

  @Test
  void shouldCountModelsBeyondTheCapUntilEveryVersionOfAnOldModelGoesStale() {
    assertThat(guard.admit("a", "v1", 0)).isTrue();
    assertThat(guard.admit("b", "v1", 0)).isTrue();
    assertThat(guard.admit("c", "v1", 10)).isFalse();
    assertThat(overflow("model")).isEqualTo(1.0);

    assertThat(guard.admit("b", "v1", 1_500)).isTrue();
    assertThat(guard.admit("c", "v1", 1_500)).isTrue(); // model a went stale and gave its place
    assertThat(guard.admit("a", "v1", 1_500)).isFalse();
    assertThat(overflow("model")).isEqualTo(2.0);
  }

  @Test
  void shouldLetARealVersionThatKeepsSendingTakeThePlaceOfAJunkVersionAfterItProvedItself() {
    CardinalityGuard twenty = new CardinalityGuard(10, 20, 3_600_000, registry);
    for (int i = 0; i < 500; i++) { // two real versions with traffic
      assertThat(twenty.admit("m", "v1", i)).isTrue();
      assertThat(twenty.admit("m", "v2", i)).isTrue();
    }
    java.util.Random random = new java.util.Random(7);
    int admittedJunk = 0;
    for (int i = 0; i < 1_000; i++) { // junk: a random version per event fills the other 18 places
      admittedJunk += twenty.admit("m", "junk-" + random.nextLong(), 1_000 + i) ? 1 : 0;
    }
    assertThat(admittedJunk).isEqualTo(18);

    int refused = 0;
    while (!twenty.admit("m", "v3", 2_000 + refused)) {
      refused++;
      assertThat(refused).as("v3 still refused").isLessThan(CardinalityGuard.PROVE_EVENTS);
    }
    assertThat(refused).isEqualTo(CardinalityGuard.PROVE_EVENTS - 1);
    assertThat(twenty.admit("m", "v3", 3_000)).isTrue(); // and stays
    assertThat(twenty.admit("m", "v1", 3_000)).isTrue(); // the real versions kept their places
    assertThat(twenty.admit("m", "v2", 3_000)).isTrue();
    assertThat(overflow("version")).isEqualTo(1_000 - 18 + CardinalityGuard.PROVE_EVENTS - 1);
  }

  @Test
  void shouldKeepTheCapAgainstANewVersionWhenEveryTrackedVersionSendsMore() {
    for (int i = 0; i < 300; i++) {
      guard.admit("m", "v1", i);
      guard.admit("m", "v2", i);
    }
    for (int i = 0; i < 250; i++) { // v3 proves itself, but v1 and v2 sent more: the cap holds
      assertThat(guard.admit("m", "v3", 300 + i)).isFalse();
    }
    assertThat(guard.admit("m", "v1", 600)).isTrue();
    assertThat(guard.admit("m", "v2", 600)).isTrue();
  }

  @Test
  void shouldLetVersionsOfOneHundredEventsEachTakeOnlyThePlacesOfVersionsThatSentLessThanHalfAsMany() {
    CardinalityGuard three = new CardinalityGuard(10, 3, 3_600_000, registry);
    for (int i = 0; i < 1_000; i++) {
      three.admit("m", "v1", i);
    }
    three.admit("m", "junk-1", 1_000);
    three.admit("m", "junk-2", 1_000);
    // one version per batch of 100 events: the first two take the junk's places, then the cap holds, since each
    // tracked batch version keeps the 100 events it proved itself with
    for (int batch = 0; batch < 10; batch++) {
      for (int i = 0; i < CardinalityGuard.PROVE_EVENTS; i++) {
        three.admit("m", "batch-" + batch, 2_000 + batch * 100 + i);
      }
    }
    assertThat(three.admit("m", "v1", 4_000)).isTrue();
    assertThat(three.admit("m", "batch-0", 4_000)).isTrue();
    assertThat(three.admit("m", "batch-1", 4_000)).isTrue();
    for (int batch = 2; batch < 10; batch++) {
      assertThat(three.admit("m", "batch-" + batch, 4_000)).as("batch-%d", batch).isFalse();
    }
  }

  @Test
  void shouldLetARealModelThatKeepsSendingTakeThePlaceOfAJunkModel() {
    for (int i = 0; i < 500; i++) {
      assertThat(guard.admit("real", "v1", i)).isTrue();
    }
    assertThat(guard.admit("junk-1", "v1", 500)).isTrue(); // the second of two places
    for (int i = 0; i < 50; i++) {
      assertThat(guard.admit("junk-" + (i + 2), "v1", 600)).isFalse();
    }
    int refused = 0;
    while (!guard.admit("new", "v1", 700)) {
      refused++;
      assertThat(refused).isLessThan(CardinalityGuard.PROVE_EVENTS);
    }
    assertThat(refused).isEqualTo(CardinalityGuard.PROVE_EVENTS - 1);
    assertThat(guard.admit("real", "v1", 800)).isTrue(); // kept: it sent more
    assertThat(guard.admit("junk-1", "v1", 800)).isFalse(); // replaced
    assertThat(overflow("model")).isEqualTo(50 + CardinalityGuard.PROVE_EVENTS - 1 + 1);
  }
}
