package dev.pqp.stream.action;

import dev.pqp.action.ActionEvent;
import dev.pqp.action.Episode;
import dev.pqp.action.RetrainingRule;
import dev.pqp.export.ActionMetrics;
import dev.pqp.export.ActionRecords;
import dev.pqp.schema.Action;
import dev.pqp.stream.VersionKey;
import dev.pqp.topology.store.HeapStore;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Holds each version's {@link Episode} of retraining recommended in {@link #EPISODES} (a heap store written to its
 * changelog at commit, so that an episode's records and its state are in one transaction) and forwards one
 * {@link Action} record, keyed {@code model/version}, when a window opens or clears an episode. Sets
 * {@code ml_action_active} at every window, and from the restored store when the task starts (a restart, or versions
 * moved here), so that an open episode's gauge does not wait for the next window.
 */
final class ActionProcessor implements Processor<String, VersionWindow, String, Action> {
  static final String EPISODES = "actions-episodes";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ActionProcessor.class);

  private final RetrainingRule rule;
  private final ActionMetrics metrics;
  private final long staleMs;
  private final long forgetAfterMs;
  private ProcessorContext<String, Action> context;
  private HeapStore<VersionKey, Episode> episodes;
  private String owner;

  /** @param forgetAfterMs {@code versions.forget-after}: a version whose last window is this much older than the newest is dropped */
  ActionProcessor(RetrainingRule rule, ActionMetrics metrics, long staleMs, long forgetAfterMs) {
    this.rule = rule;
    this.metrics = metrics;
    this.staleMs = staleMs;
    this.forgetAfterMs = forgetAfterMs;
  }

  @Override
  public void init(ProcessorContext<String, Action> context) {
    this.context = context;
    this.episodes = context.getStateStore(EPISODES);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    long now = context.currentSystemTimeMs();
    episodes.forEach((key, e) -> metrics.show(key.model(), key.version(), RetrainingRule.ACTION, e.open(), owner, now));
    context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, t -> {
      metrics.expire(t, staleMs);
      forgetStopped();
    });
  }

  /**
   * Drops the episodes of versions whose last window is {@code versions.forget-after} older than the task's newest
   * (in data time, as stage 2 forgets them): their state would otherwise grow with every version ever seen. An open
   * episode of a version that stopped ends without a cleared record; its gauge goes stale.
   */
  private void forgetStopped() {
    long newest = Long.MIN_VALUE;
    java.util.List<VersionKey> keys = new java.util.ArrayList<>(episodes.keys());
    for (VersionKey k : keys) {
      newest = Math.max(newest, episodes.get(k).lastWindowStart());
    }
    for (VersionKey k : keys) {
      if (newest - episodes.get(k).lastWindowStart() > forgetAfterMs) {
        episodes.delete(k);
      }
    }
  }

  @Override
  public void process(Record<String, VersionWindow> record) {
    VersionWindow w = record.value();
    VersionKey key = new VersionKey(w.model(), w.version());
    Episode e = episodes.get(key);
    if (e == null) {
      e = new Episode();
      episodes.put(key, e);
    }
    long before = e.lastWindowStart();
    ActionEvent event = e.observe(w.model(), w.version(), rule, w.evidence());
    if (e.lastWindowStart() != before) {
      episodes.markDirty(key);
    }
    metrics.show(w.model(), w.version(), RetrainingRule.ACTION, e.open(), owner, context.currentSystemTimeMs());
    if (event != null) {
      LOG.info("{} {} for {}/{}: {} (windows from {} to {}), episode {}", event.action(), event.state().code(),
          w.model(), w.version(), event.condition(), java.time.Instant.ofEpochMilli(event.evidence().get(0).windowStart()),
          java.time.Instant.ofEpochMilli(event.windowEnd()), event.episodeId());
      context.forward(new Record<>(key.output(), ActionRecords.of(event), event.windowEnd() - 1));
    }
  }

  @Override
  public void close() {
    metrics.release(owner);
  }
}
