package dev.pqp.stream.groundtruth;

import dev.pqp.export.GroundTruthMetrics.Result;
import dev.pqp.outcome.PerformanceProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The labels {@link ExactlyOnceCrashIntegrationTest} publishes with its predictions, each built to settle in
 * one way in the ground-truth join, and what the join must count and publish for them: the expected
 * {@code pqp_ground_truth_total} per result and the expected counts of every performance window, computed
 * here from the input alone.
 *
 * <p>Every label has an event time ({@link Label#timeMs}) and a place in the topic
 * ({@link Label#positionMs}: it is published among the predictions and labels of that time). They are equal
 * except for orphans, which come long after their own time. The join consumes each partition in timestamp
 * order (the test runs it co-partitioned, with {@code max.task.idle.ms=0}), so a label is settled by where
 * it stands against its prediction and against each side's time: a prediction expires once its partition's
 * labels pass its time + max-delay, an early label once its partition's predictions pass its time + early
 * wait. The margins below keep every kind far from its boundary: predictions are up to 1.5 s late, so a
 * label 3 s after its prediction always finds it waiting, one 4 s before it always comes first; a
 * prediction expires 90 s after its time, 65 s after its latest label.
 */
public final class GroundTruthPlan {
  public static final long MAX_DELAY_MS = 90_000;
  /** Longer than the tail, so that the tail labels still wait at the end. */
  public static final long EARLY_WAIT_MS = 120_000;
  /** How long after their own time orphans are published: the prediction expired 15 s before. */
  private static final long ORPHAN_LATENESS_MS = MAX_DELAY_MS + 15_000;
  /** Stream time runs this far past the last prediction's expiry: every unlabelled prediction expires. */
  private static final long TAIL_AFTER_EXPIRY_MS = 10_000;
  private static final long TAIL_SPACING_MS = 100;
  private static final double MATCHED_RATE = 0.012;
  private static final double EARLY_RATE = 0.003;
  private static final int MATCHED_DUPLICATES = 12;
  private static final int EARLY_DUPLICATES = 8;
  private static final int LATE_ORPHANS = 10;
  private static final int UNKNOWN_ORPHANS = 10;
  private static final int TOO_EARLY = 10;
  private static final int UNKNOWN_EARLY = 15;
  private static final int DUPLICATE_PREDICTIONS = 10;

  /** A valid prediction as published. */
  public record Prediction(String id, String model, String version, long timeMs, double score) {}

  /** How a label is meant to settle, and the result it is counted under ({@code null}: not counted). */
  public enum Kind {
    /** 3 to 25 s after its prediction. */
    MATCHED(Result.MATCHED),
    /** 4 to 15 s before its prediction. */
    EARLY(Result.EARLY_MATCHED),
    /** A second label of a matched or early label, 2 to 8 s after the first, with the other class. */
    DUPLICATE(Result.DUPLICATE),
    /** 3 s after a prediction that got no label, published 105 s after it, when the prediction has expired. */
    LATE_ORPHAN(Result.ORPHAN),
    /** An id never predicted, published 105 s after its time. */
    UNKNOWN_ORPHAN(Result.ORPHAN),
    /** 130 s before its prediction: the early wait (120 s) runs out 10 s before the prediction comes. */
    TOO_EARLY(Result.EARLY_EXPIRED),
    /**
     * An id never predicted, in time order, at least 130 s before the last prediction: it waits as an early
     * label until the predictions of its partition pass its early wait.
     */
    UNKNOWN_EARLY(Result.EARLY_EXPIRED),
    /**
     * Ids never predicted, after the last prediction up to its expiry + 10 s: they move stream time on in
     * every partition, and still wait (not counted) at the end.
     */
    TAIL(null);

    public final Result result;

    Kind(Result result) {
      this.result = result;
    }
  }

  /** A ground-truth event to publish. */
  public record Label(String id, long timeMs, long positionMs, String label, Kind kind) {}

  /** The expected performance record of a window: its predictions, those in the sample, its labelled ones. */
  public record WindowCounts(long predictions, long sampled, long labelled) {}

  private final List<Label> labels;
  private final Set<String> duplicatedPredictions;
  private final Map<String, Long> totals;
  private final Map<String, WindowCounts> windows;
  private final long tailEndMs;

  private GroundTruthPlan(List<Label> labels, Set<String> duplicatedPredictions, Map<String, Long> totals,
      Map<String, WindowCounts> windows, long tailEndMs) {
    this.labels = labels;
    this.duplicatedPredictions = duplicatedPredictions;
    this.totals = totals;
    this.windows = windows;
    this.tailEndMs = tailEndMs;
  }

  /** Labels for {@code predictions} (valid, distinct, in publish order) in windows of {@code windowMs}. */
  public static GroundTruthPlan of(List<Prediction> predictions, long windowMs, long seed) {
    return new Builder(predictions, windowMs, new Random(seed)).build();
  }

  /** Every label, in the order to publish them (by {@link Label#positionMs}). */
  public List<Label> labels() {
    return labels;
  }

  /** Ids of predictions to publish twice in a row (the second is a {@code duplicate_prediction}). */
  public Set<String> duplicatedPredictions() {
    return duplicatedPredictions;
  }

  /** The expected final {@code pqp_ground_truth_total} per result label. */
  public Map<String, Long> totals() {
    return totals;
  }

  /** The expected counts of every performance record, by its key {@code model/version/windowStart}. */
  public Map<String, WindowCounts> windows() {
    return windows;
  }

  /**
   * The time of the last tail label: every partition's stream time must end close to it (10 s before it is
   * when the last predictions and the early labels expire).
   */
  public long tailEndMs() {
    return tailEndMs;
  }

  public static String result(Result r) {
    return r.name().toLowerCase(Locale.ROOT);
  }

  private static final class Builder {
    private final List<Prediction> predictions;
    private final Map<String, Prediction> byId = new java.util.HashMap<>();
    private final long windowMs;
    private final Random random;
    private final long last;
    private final long tailEnd;
    private final List<Label> labels = new ArrayList<>();
    /** The first label of each labelled prediction id. */
    private final Map<String, Label> first = new TreeMap<>();

    Builder(List<Prediction> predictions, long windowMs, Random random) {
      this.predictions = predictions;
      predictions.forEach(p -> byId.put(p.id(), p));
      this.windowMs = windowMs;
      this.random = random;
      this.last = predictions.stream().mapToLong(Prediction::timeMs).max().orElseThrow();
      this.tailEnd = last + MAX_DELAY_MS + TAIL_AFTER_EXPIRY_MS;
    }

    GroundTruthPlan build() {
      labelSome();
      List<Prediction> unlabelled = new ArrayList<>(predictions.stream().filter(p -> !first.containsKey(p.id())).toList());
      Collections.shuffle(unlabelled, random);
      // published where labels are dense (the last 40 s of predictions and the tail): the one before it in its
      // partition, seconds earlier, has moved stream time past the prediction's expiry
      take(unlabelled, LATE_ORPHANS, p -> p.timeMs() + ORPHAN_LATENESS_MS <= tailEnd - 1_000
          && p.timeMs() + ORPHAN_LATENESS_MS >= last - 40_000).forEach(p ->
          labels.add(new Label(p.id(), p.timeMs() + 3_000, p.timeMs() + ORPHAN_LATENESS_MS, coin(), Kind.LATE_ORPHAN)));
      // among the last 28 s of predictions, where they are dense: records 10 s before the prediction expire the label
      take(unlabelled, TOO_EARLY, p -> p.timeMs() >= last - 28_000).forEach(p -> {
        long t = p.timeMs() - EARLY_WAIT_MS - 10_000;
        labels.add(new Label(p.id(), t, t, coin(), Kind.TOO_EARLY));
      });
      Set<String> duplicated = new LinkedHashSet<>();
      take(unlabelled, DUPLICATE_PREDICTIONS, p -> true).forEach(p -> duplicated.add(p.id()));
      duplicates();
      unknown();
      labels.sort(Comparator.comparingLong(Label::positionMs));
      return new GroundTruthPlan(List.copyOf(labels), duplicated, totals(duplicated), windows(duplicated), tailEnd);
    }

    /** Matched and early labels; the first prediction of every window is matched, so every window has a label. */
    private void labelSome() {
      Set<String> seen = new HashSet<>();
      for (Prediction p : predictions) {
        boolean firstOfWindow = seen.add(windowKey(p));
        double u = random.nextDouble();
        if (firstOfWindow || u < MATCHED_RATE) {
          add(p, p.timeMs() + between(3_000, 25_000), Kind.MATCHED);
        } else if (u < MATCHED_RATE + EARLY_RATE) {
          add(p, p.timeMs() - between(4_000, 15_000), Kind.EARLY);
        }
      }
    }

    private void add(Prediction p, long t, Kind kind) {
      Label l = new Label(p.id(), t, t, random.nextDouble() < p.score() ? "1" : "0", kind);
      labels.add(l);
      first.put(p.id(), l);
    }

    /** Second labels with the other class: the first label wins, so the figures show if a second one won. */
    private void duplicates() {
      List<Label> matched = new ArrayList<>(first.values().stream().filter(l -> l.kind() == Kind.MATCHED).toList());
      Collections.shuffle(matched, random);
      for (Label l : matched.subList(0, MATCHED_DUPLICATES)) {
        long t = l.timeMs() + between(2_000, 8_000);
        labels.add(new Label(l.id(), t, t, flip(l.label()), Kind.DUPLICATE));
      }
      // still 5 s or more before the prediction: the second label finds the first one waiting
      List<Label> early = new ArrayList<>(first.values().stream()
          .filter(l -> l.kind() == Kind.EARLY && prediction(l.id()).timeMs() - l.timeMs() >= 8_000).toList());
      Collections.shuffle(early, random);
      for (Label l : early.subList(0, EARLY_DUPLICATES)) {
        labels.add(new Label(l.id(), l.timeMs() + 3_000, l.timeMs() + 3_000, flip(l.label()), Kind.DUPLICATE));
      }
    }

    /** Labels of ids that were never predicted: orphans, early labels that expire, and the tail. */
    private void unknown() {
      long firstMs = predictions.get(0).timeMs();
      for (int i = 0; i < UNKNOWN_ORPHANS; i++) {
        long position = last - 40_000 + (long) (random.nextDouble() * (tailEnd - 1_000 - (last - 40_000)));
        labels.add(new Label("gt-orphan-" + i, position - ORPHAN_LATENESS_MS, position, coin(), Kind.UNKNOWN_ORPHAN));
      }
      for (int i = 0; i < UNKNOWN_EARLY; i++) {
        long t = firstMs + (long) (random.nextDouble() * (last - EARLY_WAIT_MS - 10_000 - firstMs));
        labels.add(new Label("gt-early-" + i, t, t, coin(), Kind.UNKNOWN_EARLY));
      }
      int i = 0;
      for (long t = last + 1_000; t <= tailEnd; t += TAIL_SPACING_MS) {
        labels.add(new Label("gt-tail-" + i++, t, t, coin(), Kind.TAIL));
      }
    }

    private Map<String, Long> totals(Set<String> duplicated) {
      Map<Result, Long> byResult = new EnumMap<>(Result.class);
      for (Result r : Result.values()) {
        byResult.put(r, 0L);
      }
      labels.stream().filter(l -> l.kind().result != null).forEach(l -> byResult.merge(l.kind().result, 1L, Long::sum));
      // with the tail, stream time passes every prediction's expiry: each one that did not join expires
      byResult.put(Result.EXPIRED, predictions.size() - byResult.get(Result.MATCHED) - byResult.get(Result.EARLY_MATCHED));
      byResult.put(Result.DUPLICATE_PREDICTION, (long) duplicated.size());
      Map<String, Long> out = new TreeMap<>();
      byResult.forEach((r, n) -> out.put(result(r), n));
      return out;
    }

    private Map<String, WindowCounts> windows(Set<String> duplicated) {
      Map<String, long[]> counts = new TreeMap<>();
      for (Prediction p : predictions) {
        long[] c = counts.computeIfAbsent(windowKey(p), k -> new long[3]);
        c[0] += duplicated.contains(p.id()) ? 2 : 1;
        c[1]++;
        if (first.containsKey(p.id())) {
          c[2]++;
        }
      }
      Map<String, WindowCounts> out = new TreeMap<>();
      counts.forEach((k, c) -> {
        if (c[2] > PerformanceProfile.DEFAULT_K) {
          // the KLL sketches of a window hold every value up to k: beyond it they compact with a random coin,
          // and two runs would differ in ROC AUC and delay quantiles without a crash
          throw new IllegalStateException(k + " has " + c[2] + " labels, more than the sketches hold exactly");
        }
        out.put(k, new WindowCounts(c[0], c[1], c[2]));
      });
      return out;
    }

    private String windowKey(Prediction p) {
      return PerformanceAggregator.windowKey(p.model(), p.version(), p.timeMs() - Math.floorMod(p.timeMs(), windowMs));
    }

    private Prediction prediction(String id) {
      return byId.get(id);
    }

    private List<Prediction> take(List<Prediction> from, int n, java.util.function.Predicate<Prediction> eligible) {
      List<Prediction> taken = new ArrayList<>(from.stream().filter(eligible).limit(n).toList());
      if (taken.size() < n) {
        throw new IllegalStateException("only " + taken.size() + " of " + n + " eligible predictions");
      }
      from.removeAll(taken);
      return taken;
    }

    private long between(long fromMs, long toMs) {
      return fromMs + (long) (random.nextDouble() * (toMs - fromMs));
    }

    private String coin() {
      return random.nextBoolean() ? "1" : "0";
    }

    private static String flip(String label) {
      return "1".equals(label) ? "0" : "1";
    }
  }
}
