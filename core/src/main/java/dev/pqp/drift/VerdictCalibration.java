package dev.pqp.drift;

import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceBounds;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stats.DriftMethod;
import dev.pqp.stats.DriftMethod.FeatureType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * pqp's drift verdicts as a user gets them ({@link DriftEvaluator} with the default settings, each method primary in
 * turn) on simulated windows of every size in {@link #SIZES}: the share of windows drawn from the reference's own
 * distribution that are flagged (false alarms), and the share flagged after each of three changes (detection). The
 * numeric feature is N(0, 1), changed by a mean shift of 0.25, 0.5 and 1 standard deviation; the categorical one has
 * ten categories with shares proportional to 1 / rank, changed by moving 2.5, 5 and 10 percentage points to the most
 * frequent category from the others in proportion. The reference is 100,000 rows, built as {@code pqp baseline}
 * builds one; windows count their values into its bins, as stage 1 does. One feature per window, so the verdict is
 * the feature's own (a false-discovery control over one feature changes nothing). Deterministic for a seed up to the
 * sketches' own random compaction (KS and Wasserstein).
 */
public final class VerdictCalibration {
  public static final int[] SIZES = {100, 300, 1_000, 10_000, 100_000};
  static final double[] SHIFTS = {0.25, 0.5, 1.0};
  static final double[] SHARE_CHANGES = {0.025, 0.05, 0.10};
  static final DriftMethod[] NUMERIC = {DriftMethod.PSI, DriftMethod.KS, DriftMethod.WASSERSTEIN,
      DriftMethod.JENSEN_SHANNON};
  static final DriftMethod[] CATEGORICAL = {DriftMethod.PSI, DriftMethod.JENSEN_SHANNON, DriftMethod.L_INFINITY,
      DriftMethod.CHI_SQUARE};
  private static final int CATEGORIES = 10;

  /** One method at one window size: false-alarm rate, and detection rate per change, in the order of the changes. */
  public record Row(DriftMethod method, FeatureType type, int events, double falseAlarmRate, double[] detection) {}

  /** Every row of one run; {@link #toString()} prints the table. */
  public record Result(long seed, int windows, int changedWindows, List<Row> rows) {
    public Result {
      rows = List.copyOf(rows);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "drift verdicts at the default settings "
          + "(drift.false-alarm-rate %.2f): seed %d, reference 100,000 rows, %d unchanged and %d changed windows per "
          + "size and change%n", DriftSettings.DEFAULT_FALSE_ALARM_RATE, seed, windows, changedWindows));
      s.append(String.format(Locale.ROOT, "%-15s %-11s %8s %12s %21s%n", "method", "type", "events", "false alarms",
          "detected after"));
      s.append(String.format(Locale.ROOT, "%-15s %-11s %8s %12s %7s %7s %7s%n", "", "", "", "",
          "0.25σ", "0.5σ", "1σ"));
      for (Row r : rows) {
        s.append(String.format(Locale.ROOT, "%-15s %-11s %8d %11.1f%% %6.0f%% %6.0f%% %6.0f%%%s%n", r.method(),
            r.type().name().toLowerCase(Locale.ROOT), r.events(), 100 * r.falseAlarmRate(), 100 * r.detection()[0],
            100 * r.detection()[1], 100 * r.detection()[2], r.type() == FeatureType.CATEGORICAL
                ? "   (+2.5, +5, +10 pp to the top category)" : ""));
      }
      return s.toString();
    }
  }

  private VerdictCalibration() {}

  /** {@code windows} unchanged and {@code changedWindows} windows per change, at every size of {@link #SIZES}. */
  public static Result run(long seed, int windows, int changedWindows) {
    return run(seed, windows, changedWindows, SIZES);
  }

  public static Result run(long seed, int windows, int changedWindows, int[] sizes) {
    if (windows < 1 || changedWindows < 1) {
      throw new IllegalArgumentException("windows and changedWindows must be >= 1");
    }
    SplittableRandom r = new SplittableRandom(seed);
    ReferenceBuilder builder = new ReferenceBuilder(ProfileConfig.DEFAULT);
    for (int i = 0; i < 100_000; i++) {
      builder.add(Map.of("x", r.nextGaussian(), "c", category(r, 0)));
    }
    ReferenceProfile reference = builder.build("calibration", "m", "*", 0);
    ReferenceBounds bounds = new ReferenceBounds(reference, DriftSettings.DEFAULT.bins());
    List<Row> rows = new ArrayList<>();
    rows.addAll(rows(FeatureType.NUMERIC, NUMERIC, SHIFTS, reference, bounds, r, windows, changedWindows, sizes));
    rows.addAll(rows(FeatureType.CATEGORICAL, CATEGORICAL, SHARE_CHANGES, reference, bounds, r, windows,
        changedWindows, sizes));
    return new Result(seed, windows, changedWindows, rows);
  }

  private static List<Row> rows(FeatureType type, DriftMethod[] methods, double[] changes, ReferenceProfile reference,
      ReferenceBounds bounds, SplittableRandom r, int windows, int changedWindows, int[] sizes) {
    DriftEvaluator[] evaluators = new DriftEvaluator[methods.length];
    for (int m = 0; m < methods.length; m++) {
      evaluators[m] = new DriftEvaluator(settings(type, methods[m]));
    }
    List<Row> rows = new ArrayList<>();
    for (int n : sizes) {
      int[] alarms = new int[methods.length];
      int[][] detected = new int[methods.length][changes.length];
      for (int w = 0; w < windows; w++) {
        count(alarms, evaluators, window(type, 0, n, bounds, r), reference);
      }
      for (int c = 0; c < changes.length; c++) {
        int[] flagged = new int[methods.length];
        for (int w = 0; w < changedWindows; w++) {
          count(flagged, evaluators, window(type, changes[c], n, bounds, r), reference);
        }
        for (int m = 0; m < methods.length; m++) {
          detected[m][c] = flagged[m];
        }
      }
      for (int m = 0; m < methods.length; m++) {
        double[] rates = new double[changes.length];
        for (int c = 0; c < changes.length; c++) {
          rates[c] = (double) detected[m][c] / changedWindows;
        }
        rows.add(new Row(methods[m], type, n, (double) alarms[m] / windows, rates));
      }
    }
    return rows;
  }

  private static DriftSettings settings(FeatureType type, DriftMethod method) {
    DriftSettings d = DriftSettings.DEFAULT;
    return d.withMethods(type == FeatureType.NUMERIC ? method : d.numericMethod(),
        type == FeatureType.CATEGORICAL ? method : d.categoricalMethod());
  }

  private static void count(int[] flagged, DriftEvaluator[] evaluators, WindowProfile window,
      ReferenceProfile reference) {
    for (int m = 0; m < evaluators.length; m++) {
      for (FeatureDriftResult f : evaluators[m].evaluate("m", "v", 0, 1, window, reference).features()) {
        if (f.count() > 0 && f.driftDetected()) {
          flagged[m]++;
        }
      }
    }
  }

  /** A window of {@code n} values of one feature, changed by {@code change} (0: drawn as the reference). */
  private static WindowProfile window(FeatureType type, double change, int n, ReferenceBounds bounds,
      SplittableRandom r) {
    WindowProfile w = new WindowProfile(ProfileConfig.DEFAULT);
    for (int i = 0; i < n; i++) {
      if (type == FeatureType.NUMERIC) {
        w.addFeature("x", change + r.nextGaussian(), bounds);
      } else {
        w.addFeature("c", category(r, change), bounds);
      }
    }
    return w;
  }

  /** A category of ten with shares proportional to 1 / rank, {@code moved} of the share moved to the first. */
  private static String category(SplittableRandom r, double moved) {
    double h = 0;
    for (int k = 1; k <= CATEGORIES; k++) {
      h += 1.0 / k;
    }
    double first = 1.0 / h;
    double u = r.nextDouble();
    if (u < first + moved) {
      return "k1";
    }
    // the rest, scaled down so that together they lose what the first gained
    double scale = (1 - first - moved) / (1 - first);
    double acc = first + moved;
    for (int k = 2; k <= CATEGORIES; k++) {
      acc += scale / (k * h);
      if (u < acc) {
        return "k" + k;
      }
    }
    return "k" + CATEGORIES;
  }
}
