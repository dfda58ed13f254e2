package dev.pqp.export;

import dev.pqp.action.AccuracyEvidence;
import dev.pqp.action.ActionEvent;
import dev.pqp.action.WindowEvidence;
import dev.pqp.schema.Action;
import dev.pqp.schema.ActionWindow;
import java.util.HashMap;

/** The {@code ml.quality.actions} record of an episode opened or cleared by a version's windows. */
public final class ActionRecords {
  private ActionRecords() {}

  public static Action of(ActionEvent e) {
    return Action.newBuilder().setModelName(e.model()).setModelVersion(e.version()).setAction(e.action())
        .setState(e.state().code()).setEpisodeId(e.episodeId()).setEpisodeStart(e.episodeStart())
        .setWindowStart(e.windowStart()).setWindowEnd(e.windowEnd()).setCondition(e.condition())
        .setEvidence(e.evidence().stream().map(ActionRecords::window).toList()).build();
  }

  private static ActionWindow window(WindowEvidence w) {
    ActionWindow.Builder b = ActionWindow.newBuilder().setWindowStart(w.windowStart()).setWindowEnd(w.windowEnd())
        .setDatasetDriftShare(w.driftShare()).setDriftedFeatures(new HashMap<>(w.driftedFeatures()));
    AccuracyEvidence a = w.accuracy();
    if (a != null) {
      b.setAccuracy(a.accuracy()).setBaselineAccuracy(a.baseline()).setLabelledCount(a.labelled())
          .setEstimated(a.estimated());
    }
    return b.build();
  }
}
