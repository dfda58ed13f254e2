package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FormatLocaleTest {
  @Test
  void shouldPreferUsOnlyWhereNumbersFormatTheSame() {
    Locale before = Locale.getDefault(Locale.Category.FORMAT);
    try {
      Locale.setDefault(Locale.Category.FORMAT, Locale.ENGLISH);
      String english = String.format("%d %,d %.3f", 42L, 1234567L, 0.5);
      assertThat(FormatLocale.preferUs()).as("English without a country formats as en-US").isTrue();
      assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.US);
      assertThat(String.format("%d %,d %.3f", 42L, 1234567L, 0.5)).isEqualTo(english);
      assertThat(FormatLocale.preferUs()).as("already en-US").isFalse();
      Locale.setDefault(Locale.Category.FORMAT, Locale.UK);
      assertThat(FormatLocale.preferUs()).as("en-GB writes its dates day first").isFalse();
      Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
      assertThat(FormatLocale.preferUs()).as("1.234.567,5 is not 1,234,567.5").isFalse();
      assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.GERMANY);
    } finally {
      Locale.setDefault(Locale.Category.FORMAT, before);
    }
  }
}
