package dev.pqp.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how long restoring state from its changelogs takes (after the state directory was lost, on a new
 * instance, or for a task moved without a standby): one INFO line per store partition restored, with its
 * records and seconds, and the totals per store in {@code pqp_state_restored_records_total} and
 * {@code pqp_state_restore_seconds_total}. Standby replicas ({@code kafka.num.standby.replicas}) keep such
 * restores short.
 */
final class RestoreLog implements StateRestoreListener {
  static final String RECORDS = "pqp.state.restored.records";
  static final String SECONDS = "pqp.state.restore.seconds";
  private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

  private final MeterRegistry registry;
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  /** When the current round of restores began (the first start while none ran), and what it restored. */
  private long roundStart;
  private long roundRecords;

  RestoreLog(MeterRegistry registry) {
    this.registry = registry;
  }

  private static String key(TopicPartition partition, String store) {
    return store + "@" + partition;
  }

  @Override
  public synchronized void onRestoreStart(TopicPartition partition, String store, long startingOffset,
      long endingOffset) {
    long now = System.nanoTime();
    if (started.isEmpty()) {
      roundStart = now;
      roundRecords = 0;
    }
    started.put(key(partition, store), now);
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    // the totals come at the end
  }

  @Override
  public synchronized void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    Long t0 = started.remove(key(partition, store));
    double seconds = t0 == null ? 0 : (System.nanoTime() - t0) / 1e9;
    // a store with nothing to restore (a new application, an empty changelog) is not news: DEBUG
    log(totalRestored, String.format(Locale.ROOT, "restored state store %s partition %d: %d records in %.2f s", store,
        partition.partition(), totalRestored, seconds));
    Counter.builder(RECORDS).tag("store", store).description("records restored from changelogs into state stores")
        .register(registry).increment(totalRestored);
    Counter.builder(SECONDS).tag("store", store).description("time spent restoring state stores from their changelogs")
        .baseUnit("seconds").register(registry).increment(seconds);
    roundRecords += totalRestored;
    if (started.isEmpty()) {
      log(roundRecords, String.format(Locale.ROOT, "state restored: %d records in %.2f s from the first store's start"
          + " to the last one's end", roundRecords, (System.nanoTime() - roundStart) / 1e9));
    }
  }

  private static void log(long records, String line) {
    if (records > 0) {
      LOG.info(line);
    } else {
      LOG.debug(line);
    }
  }

  @Override
  public synchronized void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
    started.remove(key(partition, store)); // the task moved on before it was restored: no figure
  }
}
