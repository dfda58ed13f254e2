package dev.pqp.ingest.registry;

/**
 * A schema (or its whole subject) is not registered, found while looking up an id without registering
 * ({@code auto.register.schemas=false}). Emitted by {@link SchemaRegistryClient#idOf}.
 */
public class SchemaNotRegisteredException extends RegistryException {
  private final String subject;

  public SchemaNotRegisteredException(String subject, int status, int errorCode) {
    super(
        "Schema is not registered under subject '" + subject + "' (error_code " + errorCode
            + "); register it or set auto.register.schemas=true",
        status,
        errorCode);
    this.subject = subject;
  }

  /** The subject that was looked up. */
  public String subject() {
    return subject;
  }
}
