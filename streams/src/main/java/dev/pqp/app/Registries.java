package dev.pqp.app;

import dev.pqp.config.ConfigException;
import dev.pqp.config.PqpConfig;
import dev.pqp.ingest.RegistryWriterSchemas;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.ingest.registry.ConfluentAvroSerializer;
import dev.pqp.ingest.registry.RegistryConfig;
import dev.pqp.ingest.registry.RegistryException;
import dev.pqp.ingest.registry.RegistryUnavailableException;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import dev.pqp.schema.Action;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.Performance;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serializer;

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

  /**
   * Registers the schemas of the derived topics before Kafka Streams starts, waiting for the registry up
   * to {@code startup.timeout}: a registry that is down later never holds up a window's output (the ids are
   * kept), and one that is down or refuses now stops start-up with one line that names it.
   */
  public static void prepareOutputSchemas(Serializer<SpecificRecordBase> serializer, PqpConfig config)
      throws InterruptedException {
    if (!(serializer instanceof ConfluentAvroSerializer<SpecificRecordBase> s)
        || config.outputFormat() != PqpConfig.OutputFormat.AVRO) {
      return;
    }
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(config.topics().featureDrift(), FeatureDrift.getClassSchema());
    schemas.put(config.topics().modelWindow(), ModelWindow.getClassSchema());
    schemas.put(config.topics().actions(), Action.getClassSchema());
    if (config.analysis().groundTruth().enabled()) {
      schemas.put(config.topics().performance(), Performance.getClassSchema());
    }
    if (!config.analysis().comparisons().isEmpty()) { // the serving error rate is compared without the join
      schemas.put(config.topics().comparisons(), dev.pqp.schema.VersionComparison.getClassSchema());
    }
    long deadline = System.nanoTime() + config.startupTimeout().toNanos();
    for (Map.Entry<String, Schema> e : schemas.entrySet()) {
      while (true) {
        try {
          s.prepare(e.getKey(), e.getValue());
          break;
        } catch (RegistryUnavailableException unavailable) {
          if (System.nanoTime() > deadline) {
            throw new ConfigException("cannot reach the schema registry at " + config.registryUrl() + " within "
                + config.startupTimeout().toSeconds() + " s (setting startup.timeout) to register the schema of "
                + e.getKey() + ": check registry.url and that the registry is up");
          }
          Thread.sleep(500);
        } catch (RegistryException refused) {
          throw new ConfigException("the schema registry at " + config.registryUrl() + " refused the schema of "
              + e.getKey() + " (subject " + ConfluentAvroSerializer.subject(e.getKey(), false) + "): "
              + refused.getMessage());
        }
      }
    }
  }

  public static SchemaRegistryClient client(PqpConfig config) {
    return new SchemaRegistryClient(RegistryConfig.from(serdeConfig(config)));
  }
}
