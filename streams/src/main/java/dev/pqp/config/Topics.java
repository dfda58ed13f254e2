package dev.pqp.config;

/** Names of the topics pqp reads and writes. */
public record Topics(
    String predictions,
    String features,
    String groundTruth,
    String deadLetter,
    String reference,
    String featureDrift,
    String modelWindow,
    String performance,
    String profiles,
    String actions,
    String comparisons) {

  public static Topics defaults() {
    return new Topics("ml.predictions", "ml.features", "ml.ground-truth", "ml.quality.dead-letter",
        "ml.quality.reference", "ml.quality.feature-drift", "ml.quality.model-window", "ml.quality.performance",
        "ml.quality.profiles", "ml.quality.actions", "ml.quality.comparisons");
  }
}
