package dev.pqp.config;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The whole configuration of one pqp instance, immutable and validated. Built by {@link ConfigLoader}.
 *
 * @param bootstrapServers Kafka bootstrap servers, or {@code null} when not given (the demo starts a broker)
 * @param registryUrl schema registry URL, or {@code null} when Confluent-framed Avro is not used
 * @param registryProbeInterval how often a registry found down is asked again meanwhile
 * @param status what the status page and {@code /api/models} show and how long they wait for other instances
 * @param http the HTTP endpoint (bind address, timeouts, TLS, authentication)
 * @param kafka Kafka Streams / client properties passed through as given
 */
public record PqpConfig(
    String bootstrapServers,
    String applicationId,
    Path stateDir,
    Guarantee guarantee,
    int streamThreads,
    String registryUrl,
    String registryUserInfo,
    String registryTruststore,
    String registryTruststorePassword,
    Duration registryProbeInterval,
    HttpSettings http,
    Topics topics,
    boolean createTopics,
    int topicPartitions,
    short topicReplication,
    OutputFormat outputFormat,
    LogFormat logFormat,
    OtlpSettings otlp,
    Duration shutdownTimeout,
    Duration startupTimeout,
    Duration windowSize,
    Duration windowGrace,
    Limits limits,
    Analysis analysis,
    Status status,
    Map<String, String> kafka) {

  /** How pqp writes its log: lines for people, or one JSON object per line for Loki, ELK and the like. */
  public enum LogFormat { TEXT, JSON }

  /** Processing guarantee of Kafka Streams. */
  public enum Guarantee {
    EXACTLY_ONCE_V2("exactly_once_v2"),
    AT_LEAST_ONCE("at_least_once");

    private final String streamsValue;

    Guarantee(String streamsValue) {
      this.streamsValue = streamsValue;
    }

    public String streamsValue() {
      return streamsValue;
    }
  }

  /** Wire format of the derived topics. */
  /**
   * The derived topics' wire format: {@code AUTO} (the default, resolved at load) is Confluent-framed Avro with a
   * registry and JSON without one, which any client reads; {@code AVRO} without a registry is single-object encoding.
   */
  public enum OutputFormat {
    AVRO, JSON, AUTO;

    /** What {@code AUTO} means with or without a registry. */
    OutputFormat resolved(String registryUrl) {
      return this != AUTO ? this : registryUrl != null ? AVRO : JSON;
    }
  }

  /**
   * The status page and {@code /api/models}.
   *
   * @param windows finalized windows kept and shown per model version
   * @param peerTimeout how long to wait for another instance's {@code /api/local/models}
   */
  public record Status(int windows, Duration peerTimeout) {}

  public PqpConfig {
    kafka = Map.copyOf(kafka);
  }

  /** Validates and types a flat settings map (keys of {@link ConfigKey}, plus {@code kafka.*}). */
  public static PqpConfig from(Map<String, String> values) {
    Settings s = new Settings(values);
    Map<String, String> kafka = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith("kafka.")) {
        kafka.put(k.substring("kafka.".length()), v);
      }
    });
    Duration window = s.duration(ConfigKey.WINDOW_SIZE.key(), Duration.ofMinutes(5), Duration.ofSeconds(1));
    Duration grace = s.duration(ConfigKey.WINDOW_GRACE.key(), Duration.ofMinutes(1), Duration.ZERO);
    Topics topics = topics(s);
    Limits limits = limits(s);
    String bootstrap = bootstrapServers(s);
    String registry = registryUrl(s);
    return new PqpConfig(
        bootstrap,
        s.string(ConfigKey.APPLICATION_ID.key(), "pqp"),
        Path.of(s.string(ConfigKey.STATE_DIR.key(), defaultStateDir(System.getenv("XDG_STATE_HOME")).toString())),
        s.oneOf(ConfigKey.PROCESSING_GUARANTEE.key(), Guarantee.EXACTLY_ONCE_V2, Guarantee.class),
        streamThreads(s),
        registry,
        s.string(ConfigKey.REGISTRY_USER_INFO.key(), null),
        s.string(ConfigKey.REGISTRY_TRUSTSTORE.key(), null),
        s.string(ConfigKey.REGISTRY_TRUSTSTORE_PASSWORD.key(), null),
        s.duration(ConfigKey.REGISTRY_PROBE_INTERVAL.key(), Duration.ofSeconds(5), Duration.ofMillis(100)),
        HttpSettings.from(s),
        topics,
        s.bool(ConfigKey.TOPICS_CREATE.key(), true),
        s.intIn(ConfigKey.TOPICS_PARTITIONS.key(), 4, 1, 10_000),
        (short) s.intIn(ConfigKey.TOPICS_REPLICATION.key(), -1, -1, 32),
        s.oneOf(ConfigKey.OUTPUT_FORMAT.key(), OutputFormat.AUTO, OutputFormat.class).resolved(registry),
        s.oneOf(ConfigKey.LOG_FORMAT.key(), LogFormat.TEXT, LogFormat.class),
        OtlpSettings.from(s),
        s.duration(ConfigKey.SHUTDOWN_TIMEOUT.key(), Duration.ofSeconds(30), Duration.ofSeconds(1)),
        s.duration(ConfigKey.STARTUP_TIMEOUT.key(), Duration.ofSeconds(15), Duration.ofSeconds(1)),
        window,
        grace,
        limits,
        analysis(s, limits, window.plus(grace)),
        new Status(s.intIn(ConfigKey.STATUS_WINDOWS.key(), 48, 1, 10_000),
            s.duration(ConfigKey.STATUS_PEER_TIMEOUT.key(), Duration.ofSeconds(2), Duration.ofMillis(50))),
        kafka);
  }

  /**
   * Where state lives when {@code state.dir} is not set: {@code $XDG_STATE_HOME/pqp}, else {@code ~/.local/state/pqp}
   * (the XDG base directories' place for state that outlives a restart), not the OS temp directory, which the OS may
   * clear under a running application (Kafka Streams warns of it).
   */
  public static Path defaultStateDir(String xdgStateHome) {
    Path base = xdgStateHome != null && !xdgStateHome.isBlank() && Path.of(xdgStateHome).isAbsolute()
        ? Path.of(xdgStateHome) : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("pqp");
  }

  private static Topics topics(Settings s) {
    Topics t = Topics.defaults();
    return new Topics(
        s.string(ConfigKey.TOPIC_PREDICTIONS.key(), t.predictions()),
        s.string(ConfigKey.TOPIC_FEATURES.key(), t.features()),
        s.string(ConfigKey.TOPIC_GROUND_TRUTH.key(), t.groundTruth()),
        s.string(ConfigKey.TOPIC_DEAD_LETTER.key(), t.deadLetter()),
        s.string(ConfigKey.TOPIC_REFERENCE.key(), t.reference()),
        s.string(ConfigKey.TOPIC_FEATURE_DRIFT.key(), t.featureDrift()),
        s.string(ConfigKey.TOPIC_MODEL_WINDOW.key(), t.modelWindow()),
        s.string(ConfigKey.TOPIC_PERFORMANCE.key(), t.performance()),
        s.string(ConfigKey.TOPIC_PROFILES.key(), t.profiles()),
        s.string(ConfigKey.TOPIC_ACTIONS.key(), t.actions()),
        s.string(ConfigKey.TOPIC_COMPARISONS.key(), t.comparisons()));
  }

  private static Limits limits(Settings s) {
    Limits d = Limits.defaults();
    return new Limits(
        s.intIn(ConfigKey.LIMIT_RECORD_BYTES.key(), d.maxRecordBytes(), 1024, 64 << 20),
        s.intIn(ConfigKey.LIMIT_FEATURES.key(), d.maxFeatures(), 1, 100_000),
        s.intIn(ConfigKey.LIMIT_NAME_LENGTH.key(), d.maxNameLength(), 8, 65_536),
        s.duration(ConfigKey.LIMIT_FUTURE_SKEW.key(), d.maxFutureSkew(), Duration.ZERO),
        s.duration(ConfigKey.LIMIT_PAST_AGE.key(), d.maxPastAge(), Duration.ofMinutes(1)),
        s.intIn(ConfigKey.LIMIT_MODELS.key(), d.maxModels(), 1, 100_000),
        s.intIn(ConfigKey.LIMIT_VERSIONS.key(), d.maxVersionsPerModel(), 1, 10_000),
        s.intIn(ConfigKey.LIMIT_FEATURES_PER_MODEL.key(), d.maxFeaturesPerModel(), 1, 100_000),
        s.intIn(ConfigKey.LIMIT_ATTRIBUTE_LENGTH.key(), d.maxAttributeLength(), 8, 1 << 20));
  }

  private static String bootstrapServers(Settings s) {
    String bootstrap = s.string(ConfigKey.BOOTSTRAP_SERVERS.key(), null);
    if (bootstrap != null && !bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
      throw ConfigException.invalid(ConfigKey.BOOTSTRAP_SERVERS.key(), bootstrap, "expected host:port[,host:port...]");
    }
    return bootstrap;
  }

  private static String registryUrl(Settings s) {
    String registry = s.string(ConfigKey.REGISTRY_URL.key(), null);
    if (registry != null && !registry.matches("https?://\\S+")) {
      throw ConfigException.invalid(ConfigKey.REGISTRY_URL.key(), registry, "expected an http:// or https:// URL");
    }
    return registry;
  }

  private static Analysis analysis(Settings s, Limits limits, Duration windowAndGrace) {
    Analysis a = Analysis.from(s, limits);
    if (a.forgetAfter().compareTo(windowAndGrace) <= 0) {
      throw ConfigException.invalid(ConfigKey.VERSIONS_FORGET_AFTER.key(),
          s.string(ConfigKey.VERSIONS_FORGET_AFTER.key(), ""), "expected more than window.size + window.grace = "
              + windowAndGrace.toMillis() + " ms: a version would be forgotten between its windows");
    }
    return a;
  }

  /** A copy with other bootstrap servers (the demo's own broker). */
  public PqpConfig withBootstrapServers(String servers) {
    return new PqpConfig(servers, applicationId, stateDir, guarantee, streamThreads, registryUrl, registryUserInfo,
        registryTruststore, registryTruststorePassword, registryProbeInterval, http, topics, createTopics, topicPartitions,
        topicReplication, outputFormat, logFormat, otlp, shutdownTimeout, startupTimeout,
        windowSize, windowGrace, limits, analysis, status,
        kafka);
  }

  /** A copy with the ground-truth join decided on or off (no longer {@code auto}). */
  public PqpConfig withGroundTruth(boolean on) {
    return withGroundTruth(analysis.groundTruth().decided(on));
  }

  /** This config with the join's topics co-partitioned or not, decided at start-up. */
  public PqpConfig withCopartitionedGroundTruth(boolean yes) {
    return withGroundTruth(analysis.groundTruth().copartitioned(yes));
  }

  private PqpConfig withGroundTruth(GroundTruthSettings gt) {
    Analysis a = new Analysis(analysis.drift(), analysis.profile(), analysis.autoWindows(), analysis.idleFlush(),
        analysis.staleAfter(), analysis.profileRetention(), analysis.forgetAfter(), analysis.comparisons(), gt,
        analysis.retraining(), analysis.compareAlpha(), analysis.expectedShares(), analysis.lowerIsBetter(),
        analysis.accuracyDrop());
    return new PqpConfig(bootstrapServers, applicationId, stateDir, guarantee, streamThreads, registryUrl,
        registryUserInfo, registryTruststore, registryTruststorePassword, registryProbeInterval, http, topics,
        createTopics, topicPartitions, topicReplication, outputFormat, logFormat, otlp, shutdownTimeout, startupTimeout,
        windowSize, windowGrace, limits, a, status, kafka);
  }

  /** The address the HTTP endpoint binds. */
  public String httpHost() {
    return http.host();
  }

  /** The HTTP port as configured (0 = any free port). */
  public int httpPort() {
    return http.port();
  }

  /**
   * Every setting but secrets: the registry's user-info and truststore password, and Kafka properties whose name
   * says password, secret, token or JAAS are shown as {@code <hidden>} (the HTTP and OTLP settings hide their own).
   */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "PqpConfig[", "]");
    for (RecordComponent c : PqpConfig.class.getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(this);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      boolean secret = c.getName().equals("registryUserInfo") || c.getName().equals("registryTruststorePassword");
      if (c.getName().equals("kafka")) {
        value = kafkaShown();
      }
      out.add(c.getName() + "=" + (secret && value != null ? HIDDEN : value));
    }
    return out.toString();
  }

  private static final String HIDDEN = "<hidden>";

  /** Kafka properties with secrets in them hidden, for {@link #toString()}. */
  private Map<String, String> kafkaShown() {
    Map<String, String> shown = new TreeMap<>();
    kafka.forEach((k, v) -> shown.put(k, k.toLowerCase(Locale.ROOT).matches(".*(password|secret|token|jaas|credential).*")
        ? HIDDEN : v));
    return shown;
  }

  /** Fails unless bootstrap servers are set: the production mode needs them. */
  public PqpConfig requireBootstrapServers() {
    if (bootstrapServers == null) {
      throw new ConfigException("setting 'bootstrap.servers' is missing: pass --bootstrap-servers HOST:PORT, "
          + "set PQP_BOOTSTRAP_SERVERS, or put bootstrap.servers in the config file");
    }
    return this;
  }

  /** Most stream threads {@code auto} picks: past this, more threads only add clients and memory. */
  static final int AUTO_THREADS_MAX = 8;

  /**
   * {@code stream.threads}: a number, or {@code auto} (the default) for one per processor the JVM may use
   * (its container's CPU limit), at most {@link #AUTO_THREADS_MAX}: on 2 cores, 2 threads read more events/s
   * than 1 (BENCHMARKS.md).
   */
  static int streamThreads(Settings s) {
    String value = s.string(ConfigKey.STREAM_THREADS.key(), "auto").strip();
    if ("auto".equals(value)) {
      return Math.max(1, Math.min(AUTO_THREADS_MAX, Runtime.getRuntime().availableProcessors()));
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= 64) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw ConfigException.invalid(ConfigKey.STREAM_THREADS.key(), value, "expected auto or a whole number from 1 to 64");
  }
}
