package dev.pqp.export;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Dead letters in the log without a line per record: the first one at once, then at most one INFO line a minute
 * with the records dead-lettered since the last line, by topic and reason ({@code pqp_records_rejected_total} has
 * them all). Thread-safe: the stream threads of an instance share it.
 */
final class DeadLetterLog {
  static final long INTERVAL_MS = 60_000;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.pqp.dead-letters");

  private final LongSupplier clock;
  private final Map<String, Long> since = new TreeMap<>();
  private long lastLineMs = Long.MIN_VALUE;

  DeadLetterLog(LongSupplier clock) {
    this.clock = clock;
  }

  /** Counts a record of {@code topic} dead-lettered for {@code reason}; the line it completes, or null. */
  synchronized String rejected(String topic, String reason) {
    since.merge(topic + ": " + reason, 1L, Long::sum);
    long now = clock.getAsLong();
    if (lastLineMs != Long.MIN_VALUE && now - lastLineMs < INTERVAL_MS) {
      return null;
    }
    long total = since.values().stream().mapToLong(Long::longValue).sum();
    StringJoiner reasons = new StringJoiner(", ");
    since.forEach((k, n) -> reasons.add(n + " from " + k));
    String line = String.format(java.util.Locale.ROOT, "%d record%s dead-lettered%s: %s", total, total == 1 ? "" : "s",
        lastLineMs == Long.MIN_VALUE ? "" : " in the last " + (now - lastLineMs) / 1000 + " s", reasons);
    since.clear();
    lastLineMs = now;
    LOG.atInfo().addKeyValue("dead_letters", total).log(line);
    return line;
  }
}
