package dev.pqp.cli;

import dev.pqp.config.ConfigException;
import dev.pqp.demo.EventEncoder;
import dev.pqp.demo.WireEncoding;
import dev.pqp.ingest.registry.ConfluentAvroSerializer;
import dev.pqp.ingest.registry.RegistryConfig;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

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
        ConfluentAvroSerializer<SpecificRecord> serializer =
            new ConfluentAvroSerializer<>(new SchemaRegistryClient(RegistryConfig.of(registryUrl)));
        serializer.configure(Map.of(RegistryConfig.URL, registryUrl), false);
        yield EventEncoder.of(serializer::serialize);
      }
    };
  }
}
