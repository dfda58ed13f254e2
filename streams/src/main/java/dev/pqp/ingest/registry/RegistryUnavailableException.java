package dev.pqp.ingest.registry;

/**
 * No schema registry URL gave a usable answer after a bounded retry: connection refused, timeout, TLS
 * failure or a 5xx status. Emitted by {@link SchemaRegistryClient}. An infrastructure problem, not a data
 * problem: the record is fine and must not be dead-lettered.
 *
 * <p>Deliberately not a {@link RegistryException}, so that code dead-lettering on registry answers cannot
 * catch an outage by accident.
 */
public class RegistryUnavailableException extends RuntimeException {
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
