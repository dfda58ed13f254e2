package dev.pqp.app;

import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Makes {@link Locale#US} the default locale for formatting when the process's default is English without a
 * country ({@code LANG=C.UTF-8} or {@code POSIX}, the default of most containers), which formats numbers and dates
 * as it does: nothing formatted changes, and Java 17's {@link java.util.Formatter} stops building a new
 * {@link DecimalFormatSymbols} for every {@code %d}, which it does for any locale but {@code Locale.US}.
 *
 * <p>Why it matters: Kafka Streams 4.3 (KAFKA-19682) formats a message with {@code String.format} for every empty
 * input partition of a task, each time it asks whether the task may process, whatever the log level. With the
 * co-partitioned ground-truth join ({@code max.task.idle.ms=0}) a task has an empty partition most of the time (an
 * unused features topic, a drained labels queue): JFR found that formatting at 14.6 % of the stream threads'
 * samples of {@code pqp bench --ground-truth}, most of it in {@code DecimalFormatSymbols}.
 */
public final class FormatLocale {
  private FormatLocale() {}

  /**
   * Sets {@code Locale.US} as the default format locale if the current one is English without a country (the
   * same numbers, dates and calendar); returns whether it did.
   */
  public static boolean preferUs() {
    Locale current = Locale.getDefault(Locale.Category.FORMAT);
    // English alone: another locale with the same digits (en-GB, ja-JP, th-TH) has its own dates, calendar or months
    if (!current.getLanguage().equals("en") || !current.getCountry().isEmpty() || !current.getVariant().isEmpty()
        || current.hasExtensions() || !sameSymbols(DecimalFormatSymbols.getInstance(current))) {
      return false;
    }
    Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    return true;
  }

  /** Whether {@code s} has the symbols {@link java.util.Formatter} and {@code DecimalFormat} write with. */
  private static boolean sameSymbols(DecimalFormatSymbols s) {
    DecimalFormatSymbols us = DecimalFormatSymbols.getInstance(Locale.US);
    return s.getZeroDigit() == us.getZeroDigit() && s.getGroupingSeparator() == us.getGroupingSeparator()
        && s.getDecimalSeparator() == us.getDecimalSeparator() && s.getMinusSign() == us.getMinusSign()
        && s.getPercent() == us.getPercent() && s.getPerMill() == us.getPerMill()
        && s.getExponentSeparator().equals(us.getExponentSeparator()) && s.getInfinity().equals(us.getInfinity())
        && s.getNaN().equals(us.getNaN()) && s.getMonetaryDecimalSeparator() == us.getMonetaryDecimalSeparator();
  }
}
