package dev.pqp.cli;

import dev.pqp.config.PqpConfig;
import dev.pqp.ingest.RegistryWriterSchemas;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.ingest.registry.RegistryConfig;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;

/** Builds the registry client of the configured registry, if any, from pqp's settings. */
final class Registries {
  private Registries() {}

  static WriterSchemas writerSchemas(PqpConfig config) {
    return config.registryUrl() == null ? WriterSchemas.NONE : new RegistryWriterSchemas(client(config));
  }

  static Map<String, Object> serdeConfig(PqpConfig config) {
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

  static SchemaRegistryClient client(PqpConfig config) {
    return new SchemaRegistryClient(RegistryConfig.from(serdeConfig(config)));
  }
}
