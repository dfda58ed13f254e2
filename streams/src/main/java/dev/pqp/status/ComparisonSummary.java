package dev.pqp.status;

/**
 * A challenger against its champion as the status page shows it ({@code model}/{@code version} is the challenger).
 *
 * @param difference the challenger's metric minus the champion's
 * @param lower the always-valid interval's lower bound; null while a side has fewer than two labels
 * @param upper its upper bound; null likewise
 * @param verdict {@code better}, {@code worse} or {@code no_difference_detected_yet}
 */
public record ComparisonSummary(String model, String version, String champion, String metric, double difference,
    Double lower, Double upper, String verdict, long championLabels, long challengerLabels) {}
