package dev.pqp.action;

import java.util.Locale;

/**
 * Retraining recommended: the version's dataset drift share (the share of its evaluated features whose drift verdict,
 * after the false-discovery control, is drift) is at least {@code driftShare} in {@code windows} consecutive
 * finalized windows; it clears once the share has stayed below it for as many windows.
 *
 * @param driftShare {@code actions.retraining.drift-share}, in (0, 1]
 * @param windows {@code actions.retraining.windows}, at least 1
 */
public record RetrainingRule(double driftShare, int windows) implements ActionRule {
  /** The action's name, in records and in the {@code action} label. */
  public static final String ACTION = "retraining_recommended";
  public static final RetrainingRule DEFAULT = new RetrainingRule(0.3, 3);

  public RetrainingRule {
    if (!(driftShare > 0 && driftShare <= 1)) {
      throw new IllegalArgumentException("the drift share must be in (0, 1]: " + driftShare);
    }
    if (windows < 1) {
      throw new IllegalArgumentException("the windows must be at least 1: " + windows);
    }
  }

  @Override
  public String action() {
    return ACTION;
  }

  /** Whether the window meets the condition; null when it cannot tell (no feature evaluated). */
  @Override
  public Boolean holds(WindowEvidence w) {
    return w.driftShare() == null ? null : w.driftShare() >= driftShare;
  }

  @Override
  public String condition() {
    return String.format(Locale.ROOT, "dataset drift share >= %s in %d consecutive windows", plain(driftShare),
        windows);
  }

  private static String plain(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
