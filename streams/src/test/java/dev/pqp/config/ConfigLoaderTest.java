package dev.pqp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.app.StreamsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where settings come from and which source wins: file, then environment, then flags. */
class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void shouldLetTheEnvironmentOverrideAYamlFileAndFlagsOverrideBoth() throws IOException {
    Path yaml = write("pqp.yaml", """
        application.id: from-file
        window:
          size: 1m
          grace: 10s
        http:
          port: 1000
        limits:
          max-features: 50
        topics:
          predictions: file.predictions
        """);
    Map<String, String> env = Map.of("PQP_WINDOW_SIZE", "2m", "PQP_APPLICATION_ID", "from-env", "PQP_HTTP_PORT", "2000");
    Map<String, String> flags = Map.of("window.size", "3m");

    PqpConfig c = ConfigLoader.load(yaml, env, flags);

    assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(3)); // file, env and flag: the flag
    assertThat(c.applicationId()).isEqualTo("from-env"); // file and env: the env
    assertThat(c.httpPort()).isEqualTo(2000);
    assertThat(c.windowGrace()).isEqualTo(Duration.ofSeconds(10)); // file only
    assertThat(c.limits().maxFeatures()).isEqualTo(50);
    assertThat(c.topics().predictions()).isEqualTo("file.predictions");
    assertThat(c.topics().features()).isEqualTo("ml.features"); // nowhere: the default
  }

  @Test
  void shouldReadAPropertiesFileWithTheSamePrecedence() throws IOException {
    Path props = write("pqp.properties", """
        bootstrap.servers=file:9092
        window.size=1m
        window.grace=10s
        processing.guarantee=at-least-once
        kafka.num.standby.replicas=1
        """);

    PqpConfig fileOnly = ConfigLoader.load(props, Map.of(), Map.of());
    PqpConfig overridden = ConfigLoader.load(props, Map.of("PQP_BOOTSTRAP_SERVERS", "env:9092", "PQP_WINDOW_GRACE", "20s"),
        Map.of("bootstrap.servers", "flag:9092"));

    assertThat(fileOnly.bootstrapServers()).isEqualTo("file:9092");
    assertThat(fileOnly.windowSize()).isEqualTo(Duration.ofMinutes(1));
    assertThat(fileOnly.guarantee()).isEqualTo(PqpConfig.Guarantee.AT_LEAST_ONCE);
    assertThat(fileOnly.kafka()).containsExactlyEntriesOf(Map.of("num.standby.replicas", "1"));
    assertThat(overridden.bootstrapServers()).isEqualTo("flag:9092");
    assertThat(overridden.windowGrace()).isEqualTo(Duration.ofSeconds(20));
    assertThat(overridden.windowSize()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldNameEnvironmentVariablesPqpAndTheKeyInUpperCase() {
    assertThat(ConfigKey.TOPIC_GROUND_TRUTH.envName()).isEqualTo("PQP_TOPICS_GROUND_TRUTH");
    assertThat(ConfigKey.LIMIT_RECORD_BYTES.envName()).isEqualTo("PQP_LIMITS_MAX_RECORD_BYTES");
    assertThat(ConfigKey.BOOTSTRAP_SERVERS.envName()).isEqualTo("PQP_BOOTSTRAP_SERVERS");
    assertThat(ConfigKey.REGISTRY_TRUSTSTORE_PASSWORD.envName()).isEqualTo("PQP_REGISTRY_TRUSTSTORE_PASSWORD");
    for (ConfigKey k : ConfigKey.values()) {
      assertThat(k.envName()).matches("PQP_[A-Z0-9_]+").doesNotStartWith("PQP_KAFKA_");
    }

    PqpConfig c = ConfigLoader.load(null, Map.of("PQP_TOPICS_GROUND_TRUTH", "labels", "PQP_LIMITS_MAX_RECORD_BYTES", "2048",
        "PQP_STREAM_THREADS", "3", "HOME", "/root", "PQP_NOT_A_SETTING", "ignored"), Map.of());

    assertThat(c.topics().groundTruth()).isEqualTo("labels");
    assertThat(c.limits().maxRecordBytes()).isEqualTo(2048);
    assertThat(c.streamThreads()).isEqualTo(3);
  }

  @Test
  void shouldPassKafkaPropertiesThroughFromFileEnvironmentAndFlags() throws IOException {
    Path yaml = write("pqp.yml", """
        kafka:
          num.standby.replicas: 1
          consumer:
            session.timeout.ms: 6000
          commit.interval.ms: 500
          linger.ms: 5
        """);
    Map<String, String> env = Map.of("PQP_KAFKA_NUM_STANDBY_REPLICAS", "2", "PQP_KAFKA_MAX_POLL_RECORDS", "100");
    Map<String, String> flags = Map.of("kafka.commit.interval.ms", "250");

    PqpConfig c = ConfigLoader.load(yaml, env, flags);

    assertThat(c.kafka()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "num.standby.replicas", "2",
        "consumer.session.timeout.ms", "6000",
        "commit.interval.ms", "250",
        "linger.ms", "5",
        "max.poll.records", "100"));
    // and they reach Kafka Streams, over pqp's own defaults
    Properties streams = StreamsSettings.of(c.withBootstrapServers("127.0.0.1:9092"));
    assertThat(streams.get("num.standby.replicas")).isEqualTo("2");
    assertThat(streams.get("consumer.session.timeout.ms")).isEqualTo("6000");
    assertThat(streams.get("commit.interval.ms")).isEqualTo("250");
  }

  @Test
  void shouldRejectAnUnknownSettingNamingItAndTheFile() throws IOException {
    Path yaml = write("typo.yaml", "window:\n  sise: 5m\n");

    assertThatThrownBy(() -> ConfigLoader.load(yaml, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting 'window.sise'")
        .hasMessageContaining("typo.yaml")
        .hasMessageContaining("did you mean 'window.size'?")
        .hasMessageContaining("'kafka.'");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("compare.version", "m:b=a")))
        .as("a --set typo").hasMessageContaining("did you mean 'compare.versions'?");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("num.standby.replicas", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown setting 'num.standby.replicas'");
  }

  @Test
  void shouldRejectABadDurationNamingTheSettingAndTheSyntax() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PQP_WINDOW_SIZE", "5 minutes"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'window.size' = '5 minutes' is invalid: expected a duration like 500ms, 30s, 5m, 1h, 7d or PT5M");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("window.size", "500ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'window.size' = '500ms' is invalid: expected at least 1000 ms");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("window.size", "1d", "versions.forget-after", "1d")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'versions.forget-after' = '1d' is invalid: expected more than window.size + window.grace"
            + " = 86460000 ms: a version would be forgotten between its windows");
  }

  @Test
  void shouldRejectANumberOutOfRangeNamingTheSettingAndTheRange() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("stream.threads", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'stream.threads' = '0' is invalid: expected auto or a whole number from 1 to 64");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http.port", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'http.port' = '70000' is invalid: expected a whole number from 0 to 65535");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("limits.max-features", "many")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'limits.max-features' = 'many' is invalid: expected a whole number from 1 to 100000");
  }

  @Test
  void shouldRejectAnUnknownEnumValueListingTheAllowedOnes() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("processing.guarantee", "exactly-once")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'processing.guarantee' = 'exactly-once' is invalid: expected one of exactly-once-v2 at-least-once");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("PQP_OUTPUT_FORMAT", "xml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'output.format' = 'xml' is invalid: expected one of avro json auto");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("topics.create", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'topics.create' = 'maybe' is invalid: expected true or false");
  }

  @Test
  void shouldAcceptEnumValuesInAnyCaseWithDashesOrUnderscores() {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("processing.guarantee", "AT_LEAST_ONCE")).guarantee())
        .isEqualTo(PqpConfig.Guarantee.AT_LEAST_ONCE);
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("output.format", "Json")).outputFormat())
        .isEqualTo(PqpConfig.OutputFormat.JSON);
  }

  /** By default the derived topics are what any client reads: JSON, or Confluent-framed Avro with a registry. */
  @Test
  void shouldWriteJsonWithoutARegistryAndConfluentAvroWithOne() {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of()).outputFormat()).isEqualTo(PqpConfig.OutputFormat.JSON);
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("registry.url", "http://registry:8081")).outputFormat())
        .isEqualTo(PqpConfig.OutputFormat.AVRO);
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("output.format", "avro")).outputFormat())
        .as("single-object Avro, asked for").isEqualTo(PqpConfig.OutputFormat.AVRO);
  }

  @Test
  void shouldRejectAMissingFileOrAnUnknownFileType() throws IOException {
    Path missing = dir.resolve("nope.yaml");
    Path toml = write("pqp.toml", "window.size = \"5m\"\n");

    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file '" + missing + "' does not exist or is not a file");
    assertThatThrownBy(() -> ConfigLoader.load(toml, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file '" + toml + "' must end in .yaml, .yml or .properties");
  }

  @Test
  void shouldRejectYamlThatIsNotAMappingOrDoesNotParse() throws IOException {
    Path list = write("list.yaml", "- window.size\n- 5m\n");
    Path broken = write("broken.yaml", "window: [size\n");

    assertThatThrownBy(() -> ConfigLoader.load(list, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must hold a mapping of settings");
    assertThatThrownBy(() -> ConfigLoader.load(broken, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config file '" + broken + "' cannot be read");
  }

  @Test
  void shouldRejectMalformedBootstrapServersAndRegistryUrls() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "localhost")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'bootstrap.servers' = 'localhost' is invalid: expected host:port[,host:port...]");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("registry.url", "registry:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'registry.url' = 'registry:8081' is invalid: expected an http:// or https:// URL");
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "a:9092,b:9093")).bootstrapServers())
        .isEqualTo("a:9092,b:9093");
  }

  @Test
  void shouldReadTheRegistryProbeIntervalAndRejectATooShortOneNamingTheSetting() {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of()).registryProbeInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigLoader.load(null, Map.of("PQP_REGISTRY_PROBE_INTERVAL", "750ms"), Map.of()).registryProbeInterval())
        .isEqualTo(Duration.ofMillis(750));
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("registry.probe-interval", "10ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("setting 'registry.probe-interval' = '10ms' is invalid: expected at least 100 ms");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("registry.probe-interval", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("setting 'registry.probe-interval' = 'soon' is invalid");
  }

  @Test
  void shouldRequireBootstrapServersOnlyWhenAskedSayingHowToSetThem() {
    PqpConfig none = ConfigLoader.load(null, Map.of(), Map.of());

    assertThat(none.bootstrapServers()).isNull();
    assertThatThrownBy(none::requireBootstrapServers)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'bootstrap.servers' is missing")
        .hasMessageContaining("--bootstrap-servers")
        .hasMessageContaining("PQP_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldHaveTheDefaultsThatConfigKeyDocuments() {
    Map<String, String> documented = new java.util.HashMap<>();
    for (ConfigKey k : ConfigKey.values()) {
      if (k.defaultValue() != null && !k.defaultValue().startsWith("<")) {
        documented.put(k.key(), k.defaultValue());
      }
    }

    PqpConfig defaults = PqpConfig.from(Map.of());

    // bootstrap, registry x4, state.dir, drift.threshold, drift.feature-thresholds, compare.versions and
    // compare.lower-is-better,
    // otlp.endpoint, otlp.headers and the nine http.tls.* / http.auth.* files and secrets have none
    assertThat(documented).hasSize(ConfigKey.values().length - 21);
    assertThat(PqpConfig.from(documented)).isEqualTo(defaults);
    assertThat(defaults.limits()).isEqualTo(Limits.defaults());
    assertThat(defaults.topics()).isEqualTo(Topics.defaults());
    assertThat(defaults.stateDir()).isEqualTo(PqpConfig.defaultStateDir(System.getenv("XDG_STATE_HOME")));
    assertThat(PqpConfig.defaultStateDir(null)).as("not in the OS temp directory")
        .isEqualTo(Path.of(System.getProperty("user.home"), ".local", "state", "pqp"));
    assertThat(PqpConfig.defaultStateDir("/srv/state")).isEqualTo(Path.of("/srv/state/pqp"));
  }

  @Test
  void shouldReadGroundTruthSettingsAndRejectAZeroSampleRateNamingTheSetting() {
    var gt = ConfigLoader.load(null, Map.of(), Map.of("ground-truth.sample-rate", "0.25",
        "ground-truth.copartitioned", "true", "ground-truth.max-delay", "2d")).analysis().groundTruth();
    assertThat(gt.sampleRate()).isEqualTo(0.25);
    assertThat(gt.copartitioned()).isTrue();
    assertThat(gt.maxDelay()).isEqualTo(java.time.Duration.ofDays(2));
    assertThat(PqpConfig.from(Map.of()).analysis().groundTruth()).isEqualTo(GroundTruthSettings.DEFAULT);
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("ground-truth.sample-rate", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ground-truth.sample-rate");
  }

  @Test
  void shouldReadExpectedSharesOfComparedVersionsAndRejectABadOneNamingTheSetting() {
    var a = ConfigLoader.load(null, Map.of(), Map.of("compare.versions", "claims-risk:v2=v1@0.2,fraud:b=a")).analysis();
    assertThat(a.comparisons()).isEqualTo(Map.of("claims-risk", Map.of("v2", "v1"), "fraud", Map.of("b", "a")));
    assertThat(a.expectedShares()).isEqualTo(Map.of("claims-risk", Map.of("v2", 0.2)));
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("compare.lower-is-better", "refund, complaint")).analysis()
        .lowerIsBetter()).containsExactlyInAnyOrder("refund", "complaint");
    for (String bad : List.of("m:v2=v1@1", "m:v2=v1@x", "m:v2=v1@0")) {
      assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("compare.versions", bad)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("compare.versions").hasMessageContaining("@");
    }
  }

  @Test
  void shouldReadPositiveLabelsAndHorizonsAndRejectBadOnesNamingTheSetting() {
    var gt = ConfigLoader.load(null, Map.of(), Map.of("ground-truth.positive-label", "fraud, chargeback",
        "performance.horizons", "24h,15m")).analysis().groundTruth();
    assertThat(gt.positiveLabels()).containsExactlyInAnyOrder("fraud", "chargeback");
    assertThat(gt.horizons()).containsExactly(java.time.Duration.ofMinutes(15), java.time.Duration.ofHours(24));
    for (var bad : List.of(Map.of("performance.horizons", "30s"), Map.of("performance.horizons", "1h,60m"),
        Map.of("performance.horizons", "1h,x"), Map.of("ground-truth.positive-label", "yes,,no"))) {
      assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), bad))
          .isInstanceOf(ConfigException.class).hasMessageContaining(bad.keySet().iterator().next());
    }
  }

  @Test
  void shouldRunOneStreamThreadPerAvailableProcessorUpToEightByDefault() {
    int auto = Math.min(8, Runtime.getRuntime().availableProcessors());
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "b:9092")).streamThreads()).isEqualTo(auto);
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "b:9092", "stream.threads", "auto"))
        .streamThreads()).isEqualTo(auto);
    assertThat(ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "b:9092", "stream.threads", "1"))
        .streamThreads()).isEqualTo(1);
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("stream.threads", "many")))
        .hasMessage("setting 'stream.threads' = 'many' is invalid: expected auto or a whole number from 1 to 64");
  }
}
