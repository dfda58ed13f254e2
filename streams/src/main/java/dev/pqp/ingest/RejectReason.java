package dev.pqp.ingest;

import java.util.Locale;

/** Why a record was dead-lettered; {@link #code()} is the {@code reason} label and header value. */
public enum RejectReason {
  EMPTY_RECORD,
  OVERSIZED,
  UNKNOWN_FORMAT,
  MALFORMED_JSON,
  MALFORMED_AVRO,
  UNKNOWN_SCHEMA_ID,
  UNKNOWN_SCHEMA_FINGERPRINT,
  REGISTRY_UNAVAILABLE,
  MISSING_FIELD,
  WRONG_TYPE,
  NON_FINITE,
  INVALID_VALUE,
  ABSURD_TIMESTAMP,
  TOO_MANY_FEATURES,
  NAME_TOO_LONG,
  PROCESSING_ERROR;

  private final String code = name().toLowerCase(Locale.ROOT);

  public String code() {
    return code;
  }
}
