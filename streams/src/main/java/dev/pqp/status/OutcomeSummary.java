package dev.pqp.status;

/**
 * A business outcome of a model version as its gauges show it, for the status page: over the latest ended window
 * with enough predictions ({@code horizon} {@code window}) or a rolling horizon ({@code 1h}, {@code 24h}, ...).
 *
 * @param rate the share of the predictions that could join (the join sample's) that got it; null without any
 * @param meanDelaySeconds the mean time from the prediction to the outcome's event
 */
public record OutcomeSummary(String model, String version, String horizon, String name, long count, Double rate,
    double mean, double sum, double meanDelaySeconds) {}
