package dev.pqp.action;

/** A condition on a version's windows that an {@link Episode} counts: its action, its streak length and its test. */
public interface ActionRule {
  /** The action's name, in records and in the {@code action} label. */
  String action();

  /** Consecutive windows it must hold (to open) or not hold (to clear). */
  int windows();

  /** Whether the window meets the condition; null when it cannot tell, which neither continues nor breaks a streak. */
  Boolean holds(WindowEvidence w);

  /** The condition in words, as records and logs give it. */
  String condition();
}
