package dev.pqp.ingest.registry;

/**
 * A single-object encoded record names a writer schema (by its CRC-64-AVRO fingerprint) that pqp does not
 * know. Emitted by {@link SingleObjectAvro#decode(byte[])}; a data problem, so the caller dead-letters the
 * record.
 */
public class UnknownFingerprintException extends RuntimeException {
  private final long fingerprint;

  public UnknownFingerprintException(long fingerprint, Throwable cause) {
    super(
        String.format(
            "No known Avro schema has fingerprint 0x%016x; add the writer schema to the schema store", fingerprint),
        cause);
    this.fingerprint = fingerprint;
  }

  /** The CRC-64-AVRO fingerprint read from the record's header. */
  public long fingerprint() {
    return fingerprint;
  }
}
