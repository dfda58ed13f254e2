package dev.pqp.drift;

import dev.pqp.profile.WindowProfile;

/**
 * A window merged with the consecutive windows before it, for a low-traffic version: a feature with fewer than
 * {@code drift.min-count} values in its window gets its verdict on the merge, marked with the span it covers.
 *
 * @param profile the window's profile merged with those of the windows before it
 * @param start the start of the earliest window merged
 * @param windows how many windows were merged, the window itself included
 */
public record MergedSpan(WindowProfile profile, long start, int windows) {}
