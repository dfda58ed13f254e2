package dev.pqp.app;

import dev.pqp.config.ConfigException;
import dev.pqp.config.PqpConfig;
import dev.pqp.http.HttpEndpoint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What start-up checks before it creates anything (topics, schemas, state): every local resource a setting names. Each
 * failure is one {@link ConfigException} naming the setting (exit 2, no stack trace), where Kafka Streams or Jetty
 * would fail later, after the topics were created, with a stack trace or a message about another setting.
 */
final class StartupChecks {
  private StartupChecks() {}

  static void run(PqpConfig config) throws InterruptedException {
    stateDir(config.stateDir(), config.applicationId());
    HttpEndpoint.check(config.http());
    registry(config);
  }

  /**
   * With derived records in Confluent-framed Avro, the registry must answer before anything is created, since their
   * schemas are registered before Kafka Streams starts ({@link Registries#prepareOutputSchemas}): a lookup of the
   * first derived topic's schema (read-only; "not registered" is an answer), retried until {@code startup.timeout}.
   * With Avro input alone pqp starts without it and dead-letters new schema ids while it is down.
   */
  static void registry(PqpConfig config) throws InterruptedException {
    if (config.registryUrl() == null || config.outputFormat() != PqpConfig.OutputFormat.AVRO) {
      return;
    }
    var client = Registries.client(config);
    String topic = config.topics().featureDrift();
    long deadline = System.nanoTime() + config.startupTimeout().toNanos();
    while (true) {
      try {
        client.idOf(topic + "-value", dev.pqp.schema.FeatureDrift.getClassSchema());
        return;
      } catch (dev.pqp.ingest.registry.RegistryUnavailableException unavailable) {
        if (System.nanoTime() > deadline) {
          throw new ConfigException("cannot reach the schema registry at " + config.registryUrl() + " within "
              + config.startupTimeout().toSeconds() + " s (setting startup.timeout) to register the schema of "
              + topic + ": check registry.url and that the registry is up");
        }
        Thread.sleep(500);
      } catch (dev.pqp.ingest.registry.RegistryException answered) {
        return; // it answered: whether it keeps the schema is prepareOutputSchemas' to find out
      }
    }
  }

  /**
   * {@code state.dir}: the application's directory in it can be created and written, and its lock (the one Kafka
   * Streams takes, {@code <state.dir>/<application.id>/.lock}) is free: not held by another pqp instance of the same
   * application on this state directory.
   */
  static void stateDir(Path stateDir, String applicationId) {
    Path app = stateDir.resolve(applicationId);
    String fix = "; set state.dir (--state-dir, PQP_STATE_DIR) to a directory this process can write";
    try {
      Files.createDirectories(app);
      Files.delete(Files.createTempFile(app, ".pqp-write-check", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw new ConfigException("state.dir: cannot create or write " + app + " (" + reason(e) + ")" + fix);
    }
    Path lock = app.resolve(".lock");
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        throw locked(app);
      }
      held.release();
    } catch (OverlappingFileLockException e) {
      throw locked(app);
    } catch (IOException e) {
      throw new ConfigException("state.dir: cannot lock " + lock + " (" + reason(e) + ")" + fix);
    }
  }

  private static ConfigException locked(Path app) {
    return new ConfigException("state.dir: " + app + " is in use by another running instance of this application "
        + "(its lock is held); give each instance on this machine its own state.dir (--state-dir, PQP_STATE_DIR)");
  }

  private static String reason(Exception e) {
    return e instanceof java.nio.file.AccessDeniedException ? "permission denied: " + e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
