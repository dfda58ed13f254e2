package dev.pqp.ingest;

/**
 * A record that cannot be used, with the reason and a message a person can act on. Thrown inside ingest
 * and caught once by the caller; it carries no stack trace because bad data is not a bug.
 */
public final class Rejection extends RuntimeException {
  private final RejectReason reason;

  public Rejection(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
