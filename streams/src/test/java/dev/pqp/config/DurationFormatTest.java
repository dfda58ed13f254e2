package dev.pqp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationFormatTest {
  @Test
  void shouldParseEveryUnitAndIso8601() {
    assertThat(DurationFormat.parse("k", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationFormat.parse("k", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationFormat.parse("k", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationFormat.parse("k", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationFormat.parse("k", "7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationFormat.parse("k", "PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationFormat.parse("k", "pt1h30m")).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void shouldAcceptSpacesAndUpperCaseUnits() {
    assertThat(DurationFormat.parse("k", " 10 S ")).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationFormat.parse("k", "2H")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void shouldRejectOtherTextNamingTheSetting() {
    assertThatThrownBy(() -> DurationFormat.parse("window.grace", "1.5m"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'window.grace' = '1.5m' is invalid: expected a duration like 500ms, 30s, 5m, 1h, 7d or PT5M");
    assertThatThrownBy(() -> DurationFormat.parse("window.grace", "-5m")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> DurationFormat.parse("window.grace", "5w")).isInstanceOf(ConfigException.class);
  }
}
