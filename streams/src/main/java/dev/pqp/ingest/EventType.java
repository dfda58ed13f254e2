package dev.pqp.ingest;

/** The three kinds of input topic. */
public enum EventType {
  PREDICTION("prediction"),
  FEATURES("features"),
  GROUND_TRUTH("ground_truth");

  private final String label;

  EventType(String label) {
    this.label = label;
  }

  /** The value of the {@code type} label in metrics. */
  public String label() {
    return label;
  }
}
