package dev.pqp.stream.comparison;

import dev.pqp.comparison.Comparison;
import dev.pqp.comparison.ConfidenceSequence;
import dev.pqp.comparison.ModelTally;
import dev.pqp.comparison.Moments;
import dev.pqp.export.ActionMetrics;
import dev.pqp.export.ComparisonMetrics;
import dev.pqp.schema.Action;
import dev.pqp.topology.store.HeapStore;
import org.apache.avro.specific.SpecificRecordBase;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keyed by model: keeps each version's labelled and correct predictions ({@link ModelTally}, in a heap store written
 * to its changelog at commit) from its realized performance records, and likewise, per business outcome, its
 * predictions in the join sample and those that got the outcome (a tally per model and metric: the model's name
 * alone for accuracy, as before, the model and the metric for an outcome's rate); after each record shows every
 * configured comparison of the model's versions on that metric, and forwards it ({@code ml.quality.comparisons},
 * keyed {@code model/challenger/metric}) with the action records it causes. Shows them all from the restored store
 * when the task starts. A higher rate counts as better unless {@code compare.lower-is-better} names the outcome.
 */
final class ComparisonProcessor implements Processor<String, WindowCounts, String, SpecificRecordBase> {
  static final String TALLIES = "comparison-tallies";
  static final String EPISODES = "comparison-episodes";
  /** Between the model and the metric in the key of a tally other than accuracy's: not in a model name. */
  private static final char SEPARATOR = '\u0000';

  private final Map<String, Map<String, String>> pairs;
  private final Map<String, Map<String, Double>> shares;
  private final java.util.Set<String> lowerIsBetter;
  private final double alpha;
  private final long settleMs;
  private final long staleMs;
  private final long forgetAfterMs;
  private final ComparisonMetrics metrics;
  private final ActionMetrics actionMetrics;
  private final long windowMs;
  private ProcessorContext<String, SpecificRecordBase> context;
  private HeapStore<String, ModelTally> tallies;
  private ChallengerActions actions;
  private String owner;

  /**
   * @param pairs per model, challenger version to champion version
   * @param settleMs how long after a newer window a window's counts may still change (its labels' max delay and more)
   */
  ComparisonProcessor(Map<String, Map<String, String>> pairs, Map<String, Map<String, Double>> shares, double alpha,
      long settleMs, long staleMs, long forgetAfterMs, ComparisonMetrics metrics, ActionMetrics actionMetrics,
      long windowMs, java.util.Set<String> lowerIsBetter) {
    this.lowerIsBetter = lowerIsBetter;
    this.shares = shares;
    this.actionMetrics = actionMetrics;
    this.windowMs = windowMs;
    this.forgetAfterMs = forgetAfterMs;
    this.pairs = pairs;
    this.alpha = alpha;
    this.settleMs = settleMs;
    this.staleMs = staleMs;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecordBase> context) {
    this.context = context;
    this.tallies = context.getStateStore(TALLIES);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    this.actions = new ChallengerActions(context.getStateStore(EPISODES), actionMetrics, windowMs, alpha);
    actions.restored(owner, context.currentSystemTimeMs());
    tallies.forEach((key, tally) -> {
      int split = key.indexOf(SEPARATOR);
      String metric = split < 0 ? WindowCounts.ACCURACY : key.substring(split + 1);
      String model = split < 0 ? key : key.substring(0, split);
      if (metric.equals(WindowCounts.PREDICTIONS)) {
        sampleRatios(model, tally);
      } else {
        show(model, metric, tally, null);
      }
    });
    context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, t -> metrics.expire(t, staleMs));
  }

  @Override
  public void process(Record<String, WindowCounts> record) {
    String model = record.key();
    if (!pairs.containsKey(model)) {
      return;
    }
    WindowCounts c = record.value();
    String key = WindowCounts.ACCURACY.equals(c.metric()) ? model : model + SEPARATOR + c.metric();
    ModelTally tally = tallies.get(key);
    if (tally == null) {
      // an outcome's rate starts from the model's predictions so far, none of which got it yet
      ModelTally predictions = tallies.get(model + SEPARATOR + WindowCounts.PREDICTIONS);
      tally = predictions == null || !WindowCounts.isOutcome(c.metric()) ? new ModelTally()
          : predictions.withoutSuccesses();
      tallies.put(key, tally);
    }
    tally.update(c.version(), c.windowStart(), c.moments(), settleMs);
    tally.forgetStopped(forgetAfterMs);
    tallies.markDirty(key);
    if (WindowCounts.PREDICTIONS.equals(c.metric())) {
      sampleRatios(model, tally);
      outcomeRates(model, record);
    } else {
      show(model, c.metric(), tally, record);
    }
  }

  /**
   * The split of each pair of the model with an expected share, by the predictions tally, over the windows both
   * versions have reported that are not settled yet (the last max-delay and two windows): from the later of the two
   * versions' oldest such window (a challenger that started later was not split before) to the earlier of their
   * newest, left out. Each version's records come from its own aggregation task at its own emit time, and its newest
   * window still fills: only the windows before both versions' newest hold both versions' counts as they will stay.
   */
  private void sampleRatios(String model, ModelTally predictions) {
    Map<String, Double> expected = shares.getOrDefault(model, Map.of());
    long now = context.currentSystemTimeMs();
    pairs.getOrDefault(model, Map.of()).forEach((challenger, champion) -> {
      Double share = expected.get(challenger);
      long from = Math.max(predictions.oldestWindow(challenger), predictions.oldestWindow(champion));
      long to = Math.min(predictions.newestWindow(challenger), predictions.newestWindow(champion));
      long nc = predictions.countBetween(challenger, from, to);
      long nh = predictions.countBetween(champion, from, to);
      if (share != null && nc + nh > 0) {
        var i = ConfidenceSequence.mean(Moments.bernoulli(nc + nh, nc), alpha, ConfidenceSequence.DEFAULT_TUNED_FOR);
        boolean mismatch = actions.mismatched(model, challenger, share < i.lower() || share > i.upper());
        metrics.sampleRatio(model, challenger, champion, share, i, mismatch, owner, now);
      }
    });
  }

  /** A window's predictions so far, added to every outcome rate of the model, also those it has no outcome of yet. */
  private void outcomeRates(String model, Record<String, WindowCounts> record) {
    WindowCounts c = record.value();
    String prefix = model + SEPARATOR;
    java.util.List<String> keys = new java.util.ArrayList<>(tallies.keys());
    keys.sort(null); // the order of the action records must not follow the hash set's
    for (String key : keys) {
      String metric = key.startsWith(prefix) ? key.substring(prefix.length()) : null;
      if (metric != null && WindowCounts.isOutcome(metric)) {
        ModelTally t = tallies.get(key);
        t.predictions(c.version(), c.windowStart(), c.labelled(), settleMs);
        t.forgetStopped(forgetAfterMs);
        tallies.markDirty(key);
        show(model, metric, t, record);
      }
    }
  }

  /**
   * Shows every comparison of the model on {@code metric}; after a {@code record} (null: from the restored store),
   * forwards the action records the comparisons cause.
   */
  private void show(String model, String metric, ModelTally tally, Record<String, WindowCounts> record) {
    long now = context.currentSystemTimeMs();
    pairs.getOrDefault(model, Map.of()).forEach((challenger, champion) -> {
      if (tally.versions().contains(challenger) && tally.versions().contains(champion)) {
        Comparison c = Comparison.of(metric, higherIsBetter(metric), tally.moments(champion),
            tally.moments(challenger), alpha, ConfidenceSequence.DEFAULT_TUNED_FOR);
        metrics.show(model, challenger, champion, c, owner, now);
        if (record != null) {
          long windowStart = record.value().windowStart();
          for (Action a : actions.observe(model, challenger, champion, c, windowStart, owner, now)) {
            context.forward(new Record<>(model + "/" + challenger, a, record.timestamp()));
          }
          context.forward(new Record<>(model + "/" + challenger + "/" + metric,
              ComparisonRecords.of(model, challenger, champion, c, alpha, windowStart), record.timestamp()));
        }
      }
    });
  }

  /**
   * Accuracy, and an outcome's rate and value unless {@code compare.lower-is-better} names the outcome; not the
   * serving error rate.
   */
  private boolean higherIsBetter(String metric) {
    if (WindowCounts.ERROR_RATE.equals(metric)) {
      return false;
    }
    for (String prefix : new String[] {WindowCounts.outcome(""), WindowCounts.outcomeValue("")}) {
      if (metric.startsWith(prefix) && lowerIsBetter.contains(metric.substring(prefix.length()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    metrics.release(owner);
  }
}
