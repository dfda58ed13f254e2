package dev.pqp.app;

import dev.pqp.config.PqpConfig;
import dev.pqp.ingest.RegistryWriterSchemas;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.ingest.registry.ConfluentAvroSerializer;
import dev.pqp.ingest.registry.RegistryConfig;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serializer;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;

/** Builds the registry client of the configured registry, if any, from pqp's settings. */
public final class Registries {
  private Registries() {}

  public static WriterSchemas writerSchemas(PqpConfig config) {
    return config.registryUrl() == null
        ? WriterSchemas.NONE
        : new RegistryWriterSchemas(client(config), config.registryProbeInterval());
  }

  public static Map<String, Object> serdeConfig(PqpConfig config) {
    Map<String, Object> m = new HashMap<>();
    m.put(RegistryConfig.URL, config.registryUrl());
    if (config.registryUserInfo() != null) {
      m.put(RegistryConfig.USER_INFO, config.registryUserInfo());
    }
    if (config.registryTruststore() != null) {
      m.put(RegistryConfig.TRUSTSTORE_LOCATION, config.registryTruststore());
    }
    if (config.registryTruststorePassword() != null) {
      m.put(RegistryConfig.TRUSTSTORE_PASSWORD, config.registryTruststorePassword());
    }
    return m;
  }

  /** A Confluent-framing serializer for the derived topics, or null without a registry. */
  public static Serializer<SpecificRecordBase> outputSerializer(PqpConfig config) {
    if (config.registryUrl() == null) {
      return null;
    }
    ConfluentAvroSerializer<SpecificRecordBase> s = new ConfluentAvroSerializer<>(client(config));
    s.configure(serdeConfig(config), false);
    return s;
  }

  public static SchemaRegistryClient client(PqpConfig config) {
    return new SchemaRegistryClient(RegistryConfig.from(serdeConfig(config)));
  }
}
