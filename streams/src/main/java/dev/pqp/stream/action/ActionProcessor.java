package dev.pqp.stream.action;

import dev.pqp.action.ActionEvent;
import dev.pqp.action.Episode;
import dev.pqp.action.RetrainingRule;
import dev.pqp.action.WindowEvidence;
import dev.pqp.export.ActionMetrics;
import dev.pqp.schema.Action;
import dev.pqp.schema.ActionWindow;
import dev.pqp.topology.store.HeapStore;
import java.time.Duration;
import java.util.HashMap;
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
  private ProcessorContext<String, Action> context;
  private HeapStore<String, Episode> episodes;
  private String owner;

  ActionProcessor(RetrainingRule rule, ActionMetrics metrics, long staleMs) {
    this.rule = rule;
    this.metrics = metrics;
    this.staleMs = staleMs;
  }

  @Override
  public void init(ProcessorContext<String, Action> context) {
    this.context = context;
    this.episodes = context.getStateStore(EPISODES);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    long now = context.currentSystemTimeMs();
    new HashMap<>(episodesByKey()).forEach((key, e) -> {
      int slash = key.indexOf('/');
      metrics.show(key.substring(0, slash), key.substring(slash + 1), RetrainingRule.ACTION, e.open(), owner, now);
    });
    context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, t -> metrics.expire(t, staleMs));
  }

  private java.util.Map<String, Episode> episodesByKey() {
    java.util.Map<String, Episode> all = new HashMap<>();
    episodes.forEach(all::put);
    return all;
  }

  @Override
  public void process(Record<String, VersionWindow> record) {
    VersionWindow w = record.value();
    String key = w.model() + "/" + w.version();
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
      context.forward(new Record<>(key, record(event), event.windowEnd() - 1));
    }
  }

  static Action record(ActionEvent e) {
    return Action.newBuilder().setModelName(e.model()).setModelVersion(e.version()).setAction(e.action())
        .setState(e.state().code()).setEpisodeId(e.episodeId()).setEpisodeStart(e.episodeStart())
        .setWindowStart(e.windowStart()).setWindowEnd(e.windowEnd()).setCondition(e.condition())
        .setEvidence(e.evidence().stream().map(ActionProcessor::window).toList()).build();
  }

  private static ActionWindow window(WindowEvidence w) {
    return ActionWindow.newBuilder().setWindowStart(w.windowStart()).setWindowEnd(w.windowEnd())
        .setDatasetDriftShare(w.driftShare()).setDriftedFeatures(new HashMap<>(w.driftedFeatures())).build();
  }

  @Override
  public void close() {
    metrics.release(owner);
  }
}
