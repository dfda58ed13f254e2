package dev.pqp.status;

/**
 * An action of a model version as the status page shows it.
 *
 * @param action {@code retraining_recommended}
 * @param active whether an episode is open: its condition held in its consecutive windows and has not cleared
 */
public record ActionSummary(String model, String version, String action, boolean active) {}
