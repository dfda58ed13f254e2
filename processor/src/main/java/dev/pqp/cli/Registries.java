package dev.pqp.cli;

import dev.pqp.config.PqpConfig;
import dev.pqp.ingest.WriterSchemas;

/** Builds the schema lookups of the configured registry, if any. */
final class Registries {
  private Registries() {}

  static WriterSchemas writerSchemas(PqpConfig config) {
    return WriterSchemas.NONE;
  }
}
