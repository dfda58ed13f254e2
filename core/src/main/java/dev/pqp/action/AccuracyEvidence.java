package dev.pqp.action;

/**
 * A window's accuracy against its version's baseline accuracy, as the accuracy-drop actions read it.
 *
 * @param accuracy the window's accuracy: realized from its labels, or estimated (CBPE) when they are too few
 * @param baseline the version's realized accuracy over its baseline windows
 * @param labelled the window's labelled predictions behind a realized accuracy; its scored predictions for an estimate
 * @param estimated true for a CBPE estimate
 */
public record AccuracyEvidence(double accuracy, double baseline, long labelled, boolean estimated) {}
