package dev.pqp.ingest.registry;

/**
 * The schema registry answered a request with an error (a 4xx status, or an answer pqp cannot use).
 * Emitted by {@link SchemaRegistryClient}; retrying the same request would give the same answer.
 */
public class RegistryException extends RuntimeException {
  /** Error code for answers that carried none. */
  public static final int NO_ERROR_CODE = -1;

  private final int status;
  private final int errorCode;

  public RegistryException(String message, int status, int errorCode) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** The Confluent {@code error_code} of the answer (for example 40403), or {@link #NO_ERROR_CODE}. */
  public int errorCode() {
    return errorCode;
  }
}
