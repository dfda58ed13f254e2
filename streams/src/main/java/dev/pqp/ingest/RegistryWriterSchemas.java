package dev.pqp.ingest;

import dev.pqp.ingest.registry.RegistryException;
import dev.pqp.ingest.registry.RegistryUnavailableException;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import dev.pqp.ingest.registry.UnknownSchemaIdException;
import java.time.Duration;
import org.apache.avro.Schema;

/**
 * Writer schemas from a Confluent-API registry, with the registry's failures turned into reject reasons:
 * an unknown id is bad data; an unreachable registry (after the client's retries) is reported as
 * {@code registry_unavailable} so the record is kept in the dead-letter topic for replay, not lost.
 *
 * <p>Ids the client has cached are answered without the registry, during an outage too. Other ids go through
 * a {@link RegistryOutage}: once a lookup found the registry unavailable, lookups of new ids fail at once,
 * but for one probe per probe interval, until the registry answers again.
 */
public final class RegistryWriterSchemas implements WriterSchemas {
  /** How often a registry found down is asked again (setting {@code registry.probe-interval}). */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

  private final SchemaRegistryClient client;
  private final RegistryOutage outage;

  public RegistryWriterSchemas(SchemaRegistryClient client) {
    this(client, DEFAULT_PROBE_INTERVAL);
  }

  /** With {@code probeInterval} between probes of a registry found down, timed by {@link System#nanoTime()}. */
  public RegistryWriterSchemas(SchemaRegistryClient client, Duration probeInterval) {
    this(client, new RegistryOutage(probeInterval, System::nanoTime));
  }

  RegistryWriterSchemas(SchemaRegistryClient client, RegistryOutage outage) {
    this.client = client;
    this.outage = outage;
  }

  @Override
  public Schema byId(int id) {
    Schema cached = client.cachedSchemaById(id);
    if (cached != null) {
      return cached;
    }
    try {
      return outage.call(() -> client.schemaById(id));
    } catch (UnknownSchemaIdException e) {
      throw new Rejection(RejectReason.UNKNOWN_SCHEMA_ID, "schema id " + id + " is not in the registry: " + e.getMessage());
    } catch (RegistryUnavailableException e) {
      throw new Rejection(RejectReason.REGISTRY_UNAVAILABLE, "schema registry unreachable for id " + id + ": " + e.getMessage());
    } catch (RegistryException e) {
      throw new Rejection(RejectReason.UNKNOWN_SCHEMA_ID, "registry refused schema id " + id + ": " + e.getMessage());
    }
  }
}
