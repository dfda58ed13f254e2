package dev.pqp.stream.groundtruth;

import dev.pqp.event.GroundTruth;
import dev.pqp.event.Prediction;
import dev.pqp.outcome.BusinessOutcomes;
import dev.pqp.outcome.Calibration;
import dev.pqp.outcome.Outcome;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.outcome.PositiveClass;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The messages of the ground-truth join: what goes in ({@link In}: the compact projection of a prediction,
 * which is also the pending-prediction store value, or a label, also the early-label store value) and what
 * the join hands to the performance aggregation ({@link Out}). Their bytes: {@link JoinCodec}.
 */
public final class JoinRecords {
  private JoinRecords() {}

  /** What the join consumes, keyed by prediction_id: a prediction or a label. */
  public sealed interface In permits Pending, Label {
    /** Hands {@code record}, whose value this is, to the method of {@code handler} for its kind. */
    void deliver(Record<String, In> record, Handler handler);

    /** What the join does with each kind of input; {@code record} is the one that carried it. */
    interface Handler {
      void prediction(Pending prediction, Record<String, In> record);

      void label(Label label, Record<String, In> record);
    }
  }

  /**
   * What the join hands to the aggregation: an outcome or a window's prediction counts, keyed by
   * {@code model/version}, or a {@link Progress}, which goes to every aggregation task.
   */
  public sealed interface Out permits Joined, Counted, Progress {
    /** Whether the partitioner sends this to every aggregation task rather than to its version's. */
    default boolean toEveryTask() {
      return false;
    }

    /** Hands this message to the method of {@code handler} for its kind. */
    void deliver(Handler handler);

    /** What the aggregation does with each kind of message. */
    interface Handler {
      void joined(Joined joined);

      void counted(Counted counted);

      void progress(Progress progress);
    }
  }

  /** A prediction as the join keeps it; {@code joined} once a label matched it. */
  public record Pending(String model, String version, long timeMs, Double score, String label,
      Map<String, Double> probabilities, Double value, boolean joined) implements In {
    @Override
    public void deliver(Record<String, In> record, Handler handler) {
      handler.prediction(this, record);
    }

    static Pending of(Prediction p) {
      var o = p.output();
      return new Pending(p.modelName(), p.modelVersion(), p.timestampMs(), o.score(), o.label(),
          probabilities(o.probabilities()), o.value(), false);
    }

    /** Ingest checks only that probabilities are finite; one outside [0, 1] is left out of performance. */
    private static Map<String, Double> probabilities(Map<String, Double> given) {
      Map<String, Double> kept = new TreeMap<>();
      if (given != null) {
        given.forEach((c, v) -> {
          if (v != null && v >= 0.0 && v <= 1.0) {
            kept.put(c, v);
          }
        });
      }
      return kept;
    }

    Pending asJoined() {
      return new Pending(model, version, timeMs, score, label, probabilities, value, true);
    }

    Outcome outcome(Label l) {
      return new Outcome(timeMs, l.timeMs(), score, label, probabilities, value, l.label(), l.value());
    }
  }

  /**
   * A ground-truth event as the join keeps it: a true label or value, business outcomes by name (sorted), or
   * both.
   */
  public record Label(long timeMs, String label, Double value, Map<String, Double> outcomes) implements In {
    public Label {
      outcomes = outcomes == null || outcomes.isEmpty() ? Map.of() : new TreeMap<>(outcomes);
    }

    public Label(long timeMs, String label, Double value) {
      this(timeMs, label, value, Map.of());
    }

    @Override
    public void deliver(Record<String, In> record, Handler handler) {
      handler.label(this, record);
    }

    /** Whether it carries a true label or value, which the accuracy figures join. */
    boolean hasTruth() {
      return label != null || value != null;
    }

    static Label of(GroundTruth g) {
      return new Label(g.timestampMs(), g.label(), g.value(), g.outcomes());
    }
  }

  /**
   * For the aggregation: what the join saw of a window since it last handed it over (a delta, added up by the
   * aggregation): its valid predictions, all of them and those in the join sample, their scores in [0, 1] per
   * {@link Calibration} bucket (the histogram a performance estimate is applied to), and the outcomes of those
   * that got their label, in a {@link PerformanceProfile} and a {@link Calibration} ({@code null} and empty
   * until the first).
   */
  public static final class Counted implements Out {
    final String model;
    final String version;
    public final long windowStart;
    public long predictions;
    public long sampled;
    public final long[] scoreBuckets;
    PerformanceProfile outcomes;
    final Calibration calibration;
    /** The business outcomes of the window's predictions that got one; null until the first. */
    public BusinessOutcomes business;

    public Counted(String model, String version, long windowStart) {
      this(model, version, windowStart, 0, 0, new long[Calibration.BUCKETS], null, new Calibration());
    }

    Counted(String model, String version, long windowStart, long predictions, long sampled, long[] scoreBuckets,
        PerformanceProfile outcomes, Calibration calibration) {
      this.model = model;
      this.version = version;
      this.windowStart = windowStart;
      this.predictions = predictions;
      this.sampled = sampled;
      this.scoreBuckets = scoreBuckets;
      this.outcomes = outcomes;
      this.calibration = calibration;
    }

    @Override
    public void deliver(Handler handler) {
      handler.counted(this);
    }

    /** Counts one prediction. */
    public void add(boolean inSample, Double score) {
      predictions++;
      if (inSample) {
        sampled++;
      }
      if (score != null && score >= 0.0 && score <= 1.0) {
        scoreBuckets[Calibration.bucket(score)]++;
      }
    }

    /** Adds the outcome of a prediction of this window that got its label. */
    void add(Outcome outcome, PositiveClass positiveClass) {
      if (outcomes == null) {
        outcomes = PerformanceProfile.create(positiveClass, PerformanceProfile.DEFAULT_K,
            PerformanceProfile.DEFAULT_CLASS_CAP);
      }
      outcomes.add(outcome);
      calibration.add(outcome, positiveClass);
    }

    /** Adds business outcome {@code name} of a prediction of this window, reported {@code delayMs} after it. */
    public void addBusiness(String name, double value, long delayMs) {
      if (business == null) {
        business = new BusinessOutcomes();
      }
      business.add(name, value, delayMs);
    }
  }

  /**
   * For the aggregation: one joined outcome of a window's prediction. Releases up to 0.3 sent one per label;
   * the join now adds them to its {@link Counted}, and the aggregation still reads these from a topic written
   * by an older release.
   */
  public record Joined(String model, String version, Outcome outcome) implements Out {
    @Override
    public void deliver(Handler handler) {
      handler.joined(this);
    }
  }

  /**
   * For every task of the aggregation: join task {@code partition} has expired every prediction whose
   * expiry time (prediction time + max-delay) is at or before {@code expiredThrough}, and sent everything
   * it will ever send for them (outcomes and counts come before this record on each partition).
   */
  public record Progress(int partition, long expiredThrough) implements Out {
    @Override
    public boolean toEveryTask() {
      return true;
    }

    @Override
    public void deliver(Handler handler) {
      handler.progress(this);
    }
  }
}
