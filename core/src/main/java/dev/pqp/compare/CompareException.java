package dev.pqp.compare;

/** What {@code pqp compare} needs is not on the topics (or cannot be read); the message says what and what is there. */
public final class CompareException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CompareException(String message) {
    super(message);
  }
}
