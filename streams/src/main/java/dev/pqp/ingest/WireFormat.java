package dev.pqp.ingest;

/** The wire format of one record, told from its first bytes. */
public enum WireFormat {
  JSON,
  /** {@code 0x00} + 4-byte schema id + Avro binary, as written by Confluent's serializers. */
  AVRO_CONFLUENT,
  /** {@code 0xC3 0x01} + 8-byte schema fingerprint + Avro binary. */
  AVRO_SINGLE_OBJECT,
  UNKNOWN;

  /** Detects the format; never throws. */
  public static WireFormat detect(byte[] value) {
    if (value == null || value.length == 0) {
      return UNKNOWN;
    }
    int first = value[0] & 0xff;
    if (first == 0x00 && value.length >= 5) {
      return AVRO_CONFLUENT;
    }
    if (first == 0xC3 && value.length >= 10 && (value[1] & 0xff) == 0x01) {
      return AVRO_SINGLE_OBJECT;
    }
    return startsJsonObject(value) ? JSON : UNKNOWN;
  }

  /** True if the first byte after white space and a UTF-8 byte order mark is '{'. */
  private static boolean startsJsonObject(byte[] value) {
    for (byte b : value) {
      if (b == '{') {
        return true;
      }
      int u = b & 0xff;
      boolean skippable = b == ' ' || b == '\n' || b == '\r' || b == '\t' || u == 0xEF || u == 0xBB || u == 0xBF;
      if (!skippable) {
        return false;
      }
    }
    return false;
  }
}
