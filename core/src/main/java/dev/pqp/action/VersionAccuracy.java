package dev.pqp.action;

import dev.pqp.outcome.Calibration;
import dev.pqp.outcome.CbpeEstimate;
import java.util.ArrayList;
import java.util.List;

/**
 * One version's accuracy-drop state, fed its windows as their labels become final (sealed), in order: the baseline
 * (the labelled and correct predictions, and the calibration, of the windows that started within the rule's baseline
 * span of the first one) and the two episodes, realized and estimated. Deciding on sealed windows only makes the
 * records the same at every pace and replay: a sealed window's figures no longer change. A window with enough labels
 * feeds the realized episode, and the estimated one while it is open (labels that come back clear what estimates
 * opened); a window without feeds the estimated episode only. A version whose window comes more than
 * {@code versions.forget-after} after its previous one starts afresh (its open episodes end without a cleared
 * record, as when stage 2 forgets a version). Mutable; not thread-safe.
 */
public final class VersionAccuracy {
  long baselineFrom = Long.MIN_VALUE;
  long labelled;
  long correct;
  Calibration calibration = new Calibration();
  Episode realized = new Episode();
  Episode estimated = new Episode();
  long lastWindowStart = Long.MIN_VALUE;

  /**
   * A window whose labels are final.
   *
   * @param labelled its labelled predictions with a class (binary or multiclass), 0 for a regression
   * @param scoreBuckets its predictions per {@link Calibration#bucket}
   */
  public record Sealed(long start, long end, long labelled, long correct, long[] scoreBuckets, Calibration calibration) {}

  /**
   * @param minLabels the labels a window (and the baseline) needs for a realized accuracy ({@code performance.min-labels})
   * @param estimateMinLabels the labels per score bucket the baseline's calibration needs for an estimate
   */
  public record Settings(AccuracyDropRule rule, int minLabels, int estimateMinLabels, long forgetAfterMs) {
    /** Without forgetting: a version's state lasts whatever its gaps. */
    public Settings(AccuracyDropRule rule, int minLabels, int estimateMinLabels) {
      this(rule, minLabels, estimateMinLabels, Long.MAX_VALUE);
    }
  }

  /** The records window {@code w} causes: an episode opened or cleared, or none. */
  public List<ActionEvent> sealed(String model, String version, Sealed w, Settings s) {
    List<ActionEvent> out = new ArrayList<>(1);
    if (w.start() <= lastWindowStart) {
      return out; // a replay: already counted
    }
    if (lastWindowStart != Long.MIN_VALUE && w.start() - lastWindowStart > s.forgetAfterMs()) {
      reset(); // a version back after versions.forget-after starts afresh, as stage 2 starts it: a new baseline
    }
    lastWindowStart = w.start();
    if (baselineFrom == Long.MIN_VALUE) {
      baselineFrom = w.start();
    }
    if (w.start() < baselineFrom + s.rule().baselineMs()) {
      labelled += w.labelled();
      correct += w.correct();
      calibration.merge(w.calibration());
      return out;
    }
    if (labelled < s.minLabels()) {
      return out; // a baseline without enough labels tells nothing
    }
    double baseline = (double) correct / labelled;
    if (w.labelled() >= s.minLabels()) {
      var e = WindowEvidence.of(w.start(), w.end(),
          new AccuracyEvidence((double) w.correct() / w.labelled(), baseline, w.labelled(), false));
      add(out, realized.observe(model, version, s.rule().ofEstimates(false), e));
      if (estimated.open()) { // labels are back: what they show clears (or keeps) the episode the estimates opened
        add(out, estimated.observe(model, version, s.rule().ofEstimates(true), e));
      }
    } else {
      CbpeEstimate.of(calibration, w.scoreBuckets(), s.estimateMinLabels()).ifPresent(c -> {
        var e = new AccuracyEvidence(c.accuracy(), baseline, c.count(), true);
        add(out, estimated.observe(model, version, s.rule().ofEstimates(true), WindowEvidence.of(w.start(), w.end(), e)));
      });
    }
    return out;
  }

  private void reset() {
    baselineFrom = Long.MIN_VALUE;
    labelled = 0;
    correct = 0;
    calibration = new Calibration();
    realized = new Episode();
    estimated = new Episode();
  }

  private static void add(List<ActionEvent> out, ActionEvent e) {
    if (e != null) {
      out.add(e);
    }
  }

  /** Whether the episode of {@code action} ({@link AccuracyDropRule#REALIZED} or {@code ESTIMATED}) is open. */
  public boolean open(String action) {
    return (AccuracyDropRule.ESTIMATED.equals(action) ? estimated : realized).open();
  }

  /** Start of the last sealed window seen; {@link Long#MIN_VALUE} before the first. */
  public long lastWindowStart() {
    return lastWindowStart;
  }

  /** The stored form's counts: the baseline's start, labelled and correct, and the last sealed window's start. */
  public long[] baselineCounts() {
    return new long[] {baselineFrom, labelled, correct, lastWindowStart};
  }

  public Calibration baselineCalibration() {
    return calibration;
  }

  public Episode realizedEpisode() {
    return realized;
  }

  public Episode estimatedEpisode() {
    return estimated;
  }

  /** Restores {@link #baselineCounts()}, the calibration and the two episodes. */
  public static VersionAccuracy of(long[] counts, Calibration calibration, Episode realized, Episode estimated) {
    VersionAccuracy v = new VersionAccuracy();
    v.baselineFrom = counts[0];
    v.labelled = counts[1];
    v.correct = counts[2];
    v.lastWindowStart = counts[3];
    v.calibration = calibration;
    v.realized = realized;
    v.estimated = estimated;
    return v;
  }
}
