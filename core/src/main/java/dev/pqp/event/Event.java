package dev.pqp.event;

/** One decoded input event: a prediction, a feature log or a ground-truth label. */
public sealed interface Event permits ModelEvent, GroundTruth {
  /** Event time in epoch milliseconds. */
  long timestampMs();

  /** The event type as it appears in metric labels: prediction, features or ground_truth. */
  String type();
}
