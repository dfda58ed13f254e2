package dev.pqp.profile;

/**
 * Thrown when bytes cannot be decoded into a profile: an unknown format version, truncated or trailing
 * bytes, or a corrupt embedded sketch. The message says which and where, so a poisoned store entry or
 * reference record can be found.
 */
public final class ProfileFormatException extends RuntimeException {
  public ProfileFormatException(String message) {
    super(message);
  }

  public ProfileFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
