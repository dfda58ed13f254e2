package dev.pqp.app;

import dev.pqp.config.PqpConfig;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.export.PerformanceGauges;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.export.ReadinessMetrics;
import dev.pqp.http.HttpEndpoint;
import dev.pqp.status.ClusterStatus;
import dev.pqp.topology.PqpTopology;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running pqp instance: Kafka Streams, its metrics and the HTTP endpoint. Close it to stop cleanly. */
public final class PqpRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PqpRuntime.class);

  private final PqpConfig config;
  private final PrometheusMeterRegistry registry;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final JvmGcMetrics gcMetrics;
  private final HttpEndpoint http;
  private final OtlpPush otlp;
  private final KafkaConnectivity connectivity;
  private Boolean stopped;

  private PqpRuntime(PqpConfig config, PrometheusMeterRegistry registry, KafkaStreams streams,
      KafkaStreamsMetrics streamsMetrics, JvmGcMetrics gcMetrics, HttpEndpoint http, OtlpPush otlp,
      KafkaConnectivity connectivity) {
    this.config = config;
    this.registry = registry;
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.gcMetrics = gcMetrics;
    this.http = http;
    this.otlp = otlp;
    this.connectivity = connectivity;
  }

  /** Creates missing topics (if configured), starts Kafka Streams and the HTTP endpoint. */
  public static PqpRuntime start(PqpConfig given) throws Exception {
    given.requireBootstrapServers();
    StartupChecks.run(given); // state directory, HTTP port and TLS files: before anything is created on the cluster
    if (given.createTopics()) {
      TopicSetup.ensure(given);
    }
    WriterSchemas schemas = Registries.writerSchemas(given);
    PqpConfig config = TopicSetup.decideCopartitioning(TopicSetup.decideGroundTruth(given), schemas);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StateStoreMeterTags());
    JvmGcMetrics gc = bindJvmMetrics(registry);
    var outputSerializer = Registries.outputSerializer(config);
    Registries.prepareOutputSchemas(outputSerializer, config);
    PqpTopology.Dependencies deps = PqpTopology.Dependencies.of(config, new PipelineMetrics(registry),
        schemas, outputSerializer, TopicSetup.inputPartitions(config));
    Topology topology = PqpTopology.build(config, deps);
    PerformanceGauges performance = deps.performance();
    // the HTTP port is bound first: it is this instance's application.server, which Kafka Streams needs
    AtomicReference<KafkaStreams> created = new AtomicReference<>();
    BooleanSupplier ready = () -> created.get() != null && created.get().state() == KafkaStreams.State.RUNNING;
    new ReadinessMetrics(ready).bindTo(registry);
    KafkaConnectivity connectivity = new KafkaConnectivity(created::get);
    connectivity.bindTo(registry);
    AtomicReference<ClusterStatus> status = new AtomicReference<>();
    HttpEndpoint http = HttpEndpoint.start(config.http(), registry, ready,
        StatusApi.routes(status::get), () -> healthDetail(created.get(), connectivity));
    KafkaStreams streams;
    try {
      Properties properties = StreamsSettings.of(config, http.port());
      streams = new KafkaStreams(topology, properties);
      created.set(streams);
      status.set(StatusApi.cluster(streams, properties, deps, config));
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    streams.setGlobalStateRestoreListener(new RestoreLog(registry));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    OtlpPush otlp = OtlpPush.start(config.otlp(), registry.getPrometheusRegistry(),
        config.applicationId() + "@" + config.httpHost() + ":" + http.port());
    streams.start();
    connectivity.start(); // last: a failure before it leaves no thread behind
    return new PqpRuntime(config, registry, streams, streamsMetrics, gc, http, otlp, connectivity);
  }

  /** The JVM's meters; the GC binder, which must be closed. */
  private static JvmGcMetrics bindJvmMetrics(PrometheusMeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return gc;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public int httpPort() {
    return http.port();
  }

  public PqpConfig config() {
    return config;
  }

  /**
   * Where a browser on this machine reaches the endpoint: {@code https} when it serves TLS, the host it binds (localhost
   * when it binds every address), its port; e.g. {@code http://localhost:9464}.
   */
  public String baseUrl() {
    return baseUrl(config.httpHost(), config.http().tls() != null, http.port());
  }

  static String baseUrl(String httpHost, boolean tls, int port) {
    String host = httpHost;
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "localhost";
    } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return (tls ? "https" : "http") + "://" + host + ":" + port;
  }


  /**
   * Closes Kafka Streams, leaving the consumer group so that the other instances take this one's
   * partitions at once (rather than after the session timeout), within {@code shutdown.timeout}.
   *
   * @return whether every stream thread stopped within the timeout
   */
  public synchronized boolean stop() {
    if (stopped == null) {
      stopped = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(config.shutdownTimeout()));
    }
    return stopped;
  }

  @Override
  public void close() {
    stop();
    streamsMetrics.close();
    gcMetrics.close();
    connectivity.close();
    http.close();
    if (otlp != null) {
      otlp.close(); // pushes once more on the way out
    }
    registry.close();
  }

  /** The lines of /health after "ok": Kafka Streams' state and whether a broker is connected. */
  static String healthDetail(KafkaStreams streams, KafkaConnectivity connectivity) {
    return "streams: " + (streams == null ? "CREATED" : streams.state()) + "\nkafka: "
        + (connectivity.connected() ? "connected" : "disconnected") + "\n";
  }
}
