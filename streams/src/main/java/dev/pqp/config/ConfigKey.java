package dev.pqp.config;

import java.util.Locale;

/**
 * Every pqp setting: its key in a config file, its environment variable and what it means. Kafka
 * properties are not listed: they pass through under {@code kafka.*} ({@code PQP_KAFKA_*}).
 */
public enum ConfigKey {
  BOOTSTRAP_SERVERS("bootstrap.servers", "Kafka bootstrap servers, host:port[,host:port]", null),
  APPLICATION_ID("application.id", "Kafka Streams application id (consumer group, state and internal topic prefix)", "pqp"),
  STATE_DIR("state.dir", "directory for local state stores", "<$XDG_STATE_HOME or ~/.local/state>/pqp"),
  PROCESSING_GUARANTEE("processing.guarantee", "exactly-once-v2 or at-least-once", "exactly-once-v2"),
  STREAM_THREADS("stream.threads", "Kafka Streams threads per instance: a number, or `auto`, one per processor the JVM may use (the container's CPU limit), at most 8. On 2 cores 2 threads reach 0.85x the plain consumer's events/s against 0.65x for 1 ([BENCHMARKS.md](../BENCHMARKS.md))", "auto"),
  REGISTRY_URL("registry.url", "schema registry base URL (Confluent API), for Confluent-framed Avro", null),
  REGISTRY_USER_INFO("registry.user-info", "registry basic auth user:password", null),
  REGISTRY_TRUSTSTORE("registry.truststore", "truststore file for a TLS registry", null),
  REGISTRY_TRUSTSTORE_PASSWORD("registry.truststore-password", "truststore password", null),
  REGISTRY_PROBE_INTERVAL("registry.probe-interval", "once the registry is found down, records with schema ids not seen before are dead-lettered as registry_unavailable without asking it, but for one probe per interval", "5s"),
  HTTP_HOST("http.host", "address the HTTP endpoint binds (`pqp demo`: `127.0.0.1`, `--http-host`)", "0.0.0.0"),
  HTTP_PORT("http.port", "port of /metrics, /health, /ready and the status page (0 = any free port)", "9464"),
  HTTP_IDLE_TIMEOUT("http.idle-timeout", "an HTTP connection that sends or reads nothing for this long is closed (stalled or slow clients)", "30s"),
  HTTP_TLS_KEYSTORE("http.tls.keystore", "PKCS12 keystore of the HTTP endpoint's certificate and key: serve HTTPS (off when unset)", null),
  HTTP_TLS_KEYSTORE_PASSWORD("http.tls.keystore-password", "password of http.tls.keystore (never logged)", null),
  HTTP_TLS_KEYSTORE_PASSWORD_FILE("http.tls.keystore-password-file", "file holding the password of http.tls.keystore", null),
  HTTP_TLS_CERT("http.tls.cert", "PEM certificate chain: serve HTTPS (with http.tls.key; instead of a keystore)", null),
  HTTP_TLS_KEY("http.tls.key", "PEM private key (unencrypted PKCS#8, BEGIN PRIVATE KEY) of http.tls.cert", null),
  HTTP_AUTH_TOKEN("http.auth.token", "bearer token required for /api/ and the status page (never logged)", null),
  HTTP_AUTH_TOKEN_FILE("http.auth.token-file", "file holding http.auth.token", null),
  HTTP_AUTH_BASIC("http.auth.basic", "user:password required (basic auth) for /api/ and the status page (never logged)", null),
  HTTP_AUTH_BASIC_FILE("http.auth.basic-file", "file holding http.auth.basic", null),
  HTTP_AUTH_METRICS("http.auth.metrics", "/metrics asks for the same credentials too (/health and /ready never do)", "false"),
  TOPIC_PREDICTIONS("topics.predictions", "input: prediction events", "ml.predictions"),
  TOPIC_FEATURES("topics.features", "input: feature events", "ml.features"),
  TOPIC_GROUND_TRUTH("topics.ground-truth", "input: ground-truth events", "ml.ground-truth"),
  TOPIC_DEAD_LETTER("topics.dead-letter", "output: rejected records with reason headers", "ml.quality.dead-letter"),
  TOPIC_REFERENCE("topics.reference", "compacted topic of reference profiles", "ml.quality.reference"),
  TOPIC_FEATURE_DRIFT("topics.feature-drift", "output: one record per feature per window", "ml.quality.feature-drift"),
  TOPIC_MODEL_WINDOW("topics.model-window", "output: one record per model version per window", "ml.quality.model-window"),
  TOPIC_PERFORMANCE("topics.performance", "output: accuracy per model version per window", "ml.quality.performance"),
  TOPIC_ACTIONS("topics.actions", "output: one record when an action's condition has held for its windows (opened) and one when it clears", "ml.quality.actions"),
  TOPIC_COMPARISONS("topics.comparisons", "output (compacted): each compare.versions comparison per metric as it stands, keyed model/challenger/metric", "ml.quality.comparisons"),
  TOPIC_PROFILES("topics.profiles", "output: every finalized window profile, compacted by model/version/window", "ml.quality.profiles"),
  TOPICS_CREATE("topics.create", "create missing topics at start-up", "true"),
  TOPICS_PARTITIONS("topics.partitions", "partitions of topics that pqp creates", "4"),
  TOPICS_REPLICATION("topics.replication-factor", "replication factor of topics that pqp creates (-1 = broker default)", "-1"),
  OUTPUT_FORMAT("output.format", "wire format of derived topics: auto (Confluent-framed Avro with registry.url, JSON without), json, or avro (single-object encoding without a registry); every record names its type and format in headers", "auto"),
  LOG_FORMAT("log.format", "text, or json: one JSON object per line (time, level, logger, thread, message, exception, model_name/model_version where known); also `--log-format json` on every command", "text"),
  SHUTDOWN_TIMEOUT("shutdown.timeout", "SIGTERM/SIGINT close Kafka Streams cleanly, leaving the consumer group so the other instances take over at once; `pqp run` then exits 0, or 1 when the close took longer than this", "30s"),
  STARTUP_TIMEOUT("startup.timeout", "how long start-up waits for Kafka before it stops with one line naming the address (a busy `http.port` is reported before anything is created)", "15s"),
  OTLP_ENDPOINT("otlp.endpoint", "push every metric of /metrics over OTLP to this endpoint too, e.g. `http://otel-collector:4318` (the Prometheus client's OpenTelemetry exporter: Micrometer's meters and pqp's native histograms alike, service name `pqp`, instance id `application.id@host:port`)", null),
  OTLP_PROTOCOL("otlp.protocol", "OTLP transport: http/protobuf or grpc", "http/protobuf"),
  OTLP_INTERVAL("otlp.interval", "how often metrics are pushed over OTLP", "60s"),
  OTLP_HEADERS("otlp.headers", "headers of every OTLP request, key=value[,key=value...] (e.g. an authorization token; never logged)", null),
  WINDOW_SIZE("window.size", "tumbling event-time window", "5m"),
  WINDOW_GRACE("window.grace", "how long a window accepts late events", "1m"),
  LIMIT_RECORD_BYTES("limits.max-record-bytes", "larger records are rejected as oversized", "1048576"),
  LIMIT_FEATURES("limits.max-features", "more features in one event are rejected", "500"),
  LIMIT_NAME_LENGTH("limits.max-name-length", "longer names (model, version, feature, class) are rejected", "256"),
  LIMIT_ATTRIBUTE_LENGTH("limits.max-attribute-length", "an event with a longer attribute name or value is rejected", "1024"),
  LIMIT_FUTURE_SKEW("limits.max-future-skew", "event times further ahead of the clock are absurd", "1h"),
  LIMIT_PAST_AGE("limits.max-past-age", "event times further in the past are absurd", "3650d"),
  LIMIT_MODELS("limits.max-models", "distinct models tracked; more are counted as overflow", "100"),
  LIMIT_VERSIONS("limits.max-versions-per-model", "distinct versions per model tracked", "20"),
  LIMIT_FEATURES_PER_MODEL("limits.max-features-per-model", "distinct features profiled per model version and window", "200"),
  PROFILES_RETENTION("profiles.retention", "how long stage 2 keeps finalized window profiles for the 24 h and version comparisons", "25h"),
  VERSIONS_FORGET_AFTER("versions.forget-after", "a version without events for this long in event time is forgotten (its automatic baseline, totals, freshness and kept windows); it starts afresh if it comes back", "7d"),
  COMPARE_VERSIONS("compare.versions", "challenger=champion pairs compared window by window (prediction mix, serving error rate, accuracy, outcome rates and values), e.g. claims-risk:v2=v1,fraud:b=a; `@share` after a pair (claims-risk:v2=v1@0.2) checks that the challenger gets that share of the pair's predictions (sample ratio mismatch)", null),
  COMPARE_LOWER_IS_BETTER("compare.lower-is-better", "business outcomes whose lower rate is better (refund,complaint): a challenger with a lower rate of them is `better`; every other outcome rate counts higher as better", null),
  COMPARE_ALPHA("compare.alpha", "chance of ever declaring a difference between a challenger and its champion that is not there, however often the comparison is looked at", "0.05"),
  ACTIONS_RETRAINING_DRIFT_SHARE("actions.retraining.drift-share", "dataset drift share at which a window counts towards retraining_recommended", "0.3"),
  ACTIONS_RETRAINING_WINDOWS("actions.retraining.windows", "consecutive windows at the drift share that open a retraining_recommended episode (and below it that clear it)", "3"),
  ACTIONS_ACCURACY_DROP_THRESHOLD("actions.accuracy-drop.threshold", "accuracy this far below the version's baseline accuracy counts towards accuracy_drop (realized) and estimated_accuracy_drop (CBPE), decided on windows whose labels are final (ground-truth.max-delay after their end)", "0.05"),
  ACTIONS_ACCURACY_DROP_WINDOWS("actions.accuracy-drop.windows", "consecutive windows below the baseline by the threshold that open an accuracy-drop episode (and within it that clear it)", "3"),
  ACTIONS_ACCURACY_DROP_BASELINE("actions.accuracy-drop.baseline", "span of a version's first windows whose realized accuracy (and calibration) is its baseline", "24h"),
  WINDOW_IDLE_FLUSH("window.idle-flush", "close windows by wall clock when no input arrived for this long", "30s"),
  DRIFT_NUMERIC_METHOD("drift.numeric-method", "primary method for numeric features: psi, ks, wasserstein, jensen-shannon", "psi"),
  DRIFT_CATEGORICAL_METHOD("drift.categorical-method", "primary method for categorical features: psi, jensen-shannon, l-infinity, chi-square", "psi"),
  DRIFT_THRESHOLD("drift.threshold", "threshold of the primary method (default: the method's own, PSI 0.2)", null),
  DRIFT_FEATURE_THRESHOLDS("drift.feature-thresholds", "threshold overrides by feature, model or model/feature, e.g. income=0.3,claims-risk=0.25,claims-risk/age=0.4 (most specific wins)", null),
  DRIFT_BINS("drift.bins", "bins (reference quantiles) of numeric PSI and Jensen-Shannon", "10"),
  DRIFT_MIN_COUNT("drift.min-count", "a feature with fewer values in a window is never flagged", "100"),
  DRIFT_DATASET_SHARE("drift.dataset-share", "share of drifted features at which the dataset drifted", "0.5"),
  DRIFT_FALSE_ALARM_RATE("drift.false-alarm-rate", "share of windows drawn from the reference itself a feature's verdict may flag: the score must also exceed its noise at the window's size; 0: the method's threshold alone", "0.01"),
  DRIFT_FDR("drift.fdr", "false-discovery rate of the drift verdicts across a version's features (Benjamini-Hochberg)", "0.05"),
  DRIFT_TOP_CATEGORIES("drift.top-categories", "categorical statistics compare the reference's N most frequent categories, the rest as one", "20"),
  REFERENCE_AUTO_WINDOWS("reference.auto-windows", "complete windows that form a version's automatic reference", "3"),
  PROFILE_KLL_K("profile.kll-k", "accuracy parameter k of the quantile sketches (rank error ~1.65% at 200)", "200"),
  PROFILE_CATEGORY_CAP("profile.category-cap", "categories counted exactly per feature before a frequent-items sketch", "1000"),
  GROUND_TRUTH_ENABLED("ground-truth.enabled", "join ground truth with predictions by prediction_id and publish performance: auto (the default) joins whenever the ground-truth topic exists at start-up, true requires it, false never joins", "auto"),
  GROUND_TRUTH_MAX_DELAY("ground-truth.max-delay", "how long a prediction waits for its label (and a window's performance is kept)", "7d"),
  GROUND_TRUTH_EARLY_WAIT("ground-truth.early-wait", "how long a label that arrived before its prediction waits for it", "1h"),
  GROUND_TRUTH_SAMPLE_RATE("ground-truth.sample-rate", "share of prediction ids joined with their labels, chosen by a stable hash of the id (0 < rate <= 1)", "1.0"),
  GROUND_TRUTH_COPARTITIONED("ground-truth.copartitioned", "whether predictions and ground truth are keyed by prediction_id on topics of equal partition counts, so that the join reads them without repartitioning: `auto` checks at start-up the partition counts and the key and partition of the latest 20 records of every partition of both topics (and keeps repartitioning while an earlier run's repartition topics hold unread records), and the log says which it chose and why; `true` skips the repartition (the counts are checked at start-up); `false` always repartitions. A record read without repartitioning whose key is not its prediction_id is counted in `pqp_ground_truth_misrouted_total{type}` and logged", "auto"),
  PERFORMANCE_EMIT_INTERVAL("performance.emit-interval", "at most one ml.quality.performance record per window with new labels per interval", "30s"),
  GROUND_TRUTH_POSITIVE_LABEL("ground-truth.positive-label", "true labels counted as the positive class of a binary model, comma-separated, case-insensitive", "1,true"),
  PERFORMANCE_MIN_LABELS("performance.min-labels", "the performance gauges show the latest window with at least this many labels", "100"),
  PERFORMANCE_HORIZONS("performance.horizons", "rolling horizons of prediction time over which performance is also reported (label horizon), comma-separated", "1h,24h"),
  PERFORMANCE_ESTIMATE_MIN_LABELS("performance.estimate.min-labels-per-bucket", "labels each score bucket a window uses needs before performance is estimated (CBPE) from the calibration", "30"),
  STATUS_WINDOWS("status.windows", "finalized windows per model version the status page and /api/models show (kept in stage 2's changelogged state)", "48"),
  STATUS_PEER_TIMEOUT("status.peer-timeout", "how long /api/models waits for another instance's /api/local/models before reporting it unreachable", "2s"),
  METRICS_STALE_AFTER("metrics.stale-after", "remove a version's gauges when it had no finalized window for this long; a version unseen this long also frees its place under the caps", "1h");

  private final String key;
  private final String description;
  private final String defaultValue;

  ConfigKey(String key, String description, String defaultValue) {
    this.key = key;
    this.description = description;
    this.defaultValue = defaultValue;
  }

  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  /** The default as text for documentation, or {@code null} when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** {@code topics.ground-truth} → {@code PQP_TOPICS_GROUND_TRUTH}. */
  public String envName() {
    return envName(key);
  }

  static String envName(String key) {
    return "PQP_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static ConfigKey byKey(String key) {
    for (ConfigKey k : values()) {
      if (k.key.equals(key)) {
        return k;
      }
    }
    return null;
  }
}
