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
}
