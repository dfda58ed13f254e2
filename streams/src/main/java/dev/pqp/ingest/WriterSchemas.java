package dev.pqp.ingest;

import org.apache.avro.Schema;

/**
 * Looks up the writer schema of a Confluent-framed record by its registry id. Implementations throw a
 * {@link Rejection} with {@link RejectReason#UNKNOWN_SCHEMA_ID} or {@link RejectReason#REGISTRY_UNAVAILABLE}.
 */
@FunctionalInterface
public interface WriterSchemas {
  Schema byId(int id);

  /** For deployments without a registry: every Confluent-framed record is rejected with a clear reason. */
  WriterSchemas NONE = id -> {
    throw new Rejection(RejectReason.UNKNOWN_SCHEMA_ID,
        "record is Confluent-framed Avro with schema id " + id + " but no schema registry is configured (set registry.url)");
  };
}
