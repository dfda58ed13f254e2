package dev.pqp.reference;

import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import java.util.Map;

/**
 * Accumulates training rows (feature name → value), or past predictions, into the profile of a reference. Its quantile sketches
 * use k = {@value #REFERENCE_KLL_K} (rank error about 0.08%, tens of kB per feature, built once): the
 * reference's bin shares are the only sketch error left in PSI, since windows count into its bins exactly.
 */
public final class ReferenceBuilder {
  public static final int REFERENCE_KLL_K = 2000;

  private final WindowProfile profile;
  private long rows;

  public ReferenceBuilder(ProfileConfig config) {
    this.profile = new WindowProfile(config.withKllK(Math.max(config.kllK(), REFERENCE_KLL_K)));
  }

  public void add(Map<String, Object> row) {
    row.forEach((name, value) -> profile.addFeature(name, value, FeatureBounds.NONE));
    rows++;
  }

  /**
   * Adds a training row and what the model answered for it (from a score or label column), so that the
   * reference has a prediction mix to compare windows' scores and classes with.
   */
  public void add(Map<String, Object> row, Output output) {
    add(row);
    if (output != null) {
      profile.addOutput(output);
    }
  }

  /**
   * Adds a past prediction: its features and its output (the reference's prediction mix). Its event time
   * stands in for the processing time, so the reference's lag sketch says nothing.
   */
  public void add(Prediction p) {
    profile.add(p, p.timestampMs(), FeatureBounds.NONE);
    rows++;
  }

  /** Rows or predictions added. */
  public long rows() {
    return rows;
  }

  public ReferenceProfile build(String id, String model, String version, long createdMs) {
    return new ReferenceProfile(id, ReferenceKind.TRAINING, model, version, createdMs, profile);
  }
}
