package dev.pqp.compare;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.drift.DriftSettings;
import dev.pqp.drift.WindowResult;
import dev.pqp.stats.DatasetDrift;
import dev.pqp.window.PredictionDrift;
import dev.pqp.window.WindowEvaluator;
import java.util.List;

/**
 * A window evaluated against another window or a reference exactly as the processor evaluates a window
 * against its reference ({@link DriftEvaluator}, {@link WindowEvaluator#predictionDrift}).
 *
 * @param rows one per feature, in name order
 * @param predictionDrift score PSI and KS, class PSI, where both sides have them
 */
public record WindowComparison(SelectedWindow window, Against against, List<FeatureRow> rows,
    List<PredictionDrift> predictionDrift, DatasetDrift datasetDrift) {

  public WindowComparison {
    rows = List.copyOf(rows);
    predictionDrift = List.copyOf(predictionDrift);
  }

  public static WindowComparison evaluate(DriftSettings settings, SelectedWindow window, Against against) {
    WindowResult r = new DriftEvaluator(settings).evaluate(window.model(), window.version(), window.start(), window.end(),
        window.profile(), against.reference());
    List<FeatureRow> rows = r.features().stream().map(f -> FeatureRow.of(f, against.reference().profile())).toList();
    List<PredictionDrift> mix = WindowEvaluator.predictionDrift(against.baseline(),
        against.reference().profile().predictionMix(), window.profile().predictionMix());
    return new WindowComparison(window, against, rows, mix, r.datasetDrift());
  }
}
