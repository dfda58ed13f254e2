package dev.pqp.demo;

import java.util.Locale;

/** The wire formats {@code produce-sample} and the demo can write. */
public enum WireEncoding {
  JSON,
  AVRO_CONFLUENT,
  AVRO_SINGLE;

  /** Parses {@code json}, {@code avro-confluent} or {@code avro-single}. */
  public static WireEncoding parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
