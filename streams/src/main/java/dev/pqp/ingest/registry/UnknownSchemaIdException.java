package dev.pqp.ingest.registry;

/**
 * The registry does not know the schema id a record was framed with. Emitted by
 * {@link SchemaRegistryClient#schemaById(int)}; it is a data problem, so the caller dead-letters the
 * record rather than stopping.
 */
public class UnknownSchemaIdException extends RegistryException {
  private final int schemaId;

  public UnknownSchemaIdException(int schemaId, int status, int errorCode) {
    super("Schema id " + schemaId + " is not known to the schema registry", status, errorCode);
    this.schemaId = schemaId;
  }

  /** The id that was looked up. */
  public int schemaId() {
    return schemaId;
  }
}
