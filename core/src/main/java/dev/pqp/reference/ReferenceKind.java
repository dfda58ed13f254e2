package dev.pqp.reference;

import java.util.Locale;

/** Where a reference came from; {@link #code()} is the {@code reference_kind} in every output. */
public enum ReferenceKind {
  /** Built from training data and published by {@code pqp baseline}. */
  TRAINING,
  /** Built automatically from a version's first complete windows. */
  AUTO,
  /** No reference yet: statistics are reported, drift is not. */
  NONE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
