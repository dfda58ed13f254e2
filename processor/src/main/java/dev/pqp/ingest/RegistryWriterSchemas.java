package dev.pqp.ingest;

import dev.pqp.ingest.registry.RegistryException;
import dev.pqp.ingest.registry.RegistryUnavailableException;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import dev.pqp.ingest.registry.UnknownSchemaIdException;
import org.apache.avro.Schema;

/**
 * Writer schemas from a Confluent-API registry, with the registry's failures turned into reject reasons:
 * an unknown id is bad data; an unreachable registry (after the client's retries) is reported as
 * {@code registry_unavailable} so the record is kept in the dead-letter topic for replay, not lost.
 */
public final class RegistryWriterSchemas implements WriterSchemas {
  private final SchemaRegistryClient client;

  public RegistryWriterSchemas(SchemaRegistryClient client) {
    this.client = client;
  }

  @Override
  public Schema byId(int id) {
    try {
      return client.schemaById(id);
    } catch (UnknownSchemaIdException e) {
      throw new Rejection(RejectReason.UNKNOWN_SCHEMA_ID, "schema id " + id + " is not in the registry: " + e.getMessage());
    } catch (RegistryUnavailableException e) {
      throw new Rejection(RejectReason.REGISTRY_UNAVAILABLE, "schema registry unreachable for id " + id + ": " + e.getMessage());
    } catch (RegistryException e) {
      throw new Rejection(RejectReason.UNKNOWN_SCHEMA_ID, "registry refused schema id " + id + ": " + e.getMessage());
    }
  }
}
