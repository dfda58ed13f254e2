package dev.pqp.cli;

import dev.pqp.config.ConfigException;
import dev.pqp.demo.EventEncoder;
import dev.pqp.demo.WireEncoding;

/** The encoder for a wire format; Confluent framing needs a registry. */
final class Encoders {
  private Encoders() {}

  static EventEncoder forFormat(WireEncoding encoding, String registryUrl) {
    return switch (encoding) {
      case JSON -> EventEncoder.json();
      case AVRO_SINGLE -> EventEncoder.avroSingleObject();
      case AVRO_CONFLUENT -> {
        if (registryUrl == null) {
          throw new ConfigException("--format avro-confluent needs --registry-url (a Confluent-API schema registry)");
        }
        throw new ConfigException("avro-confluent is not wired yet");
      }
    };
  }
}
