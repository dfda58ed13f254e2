package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pqp.config.ConfigException;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.registry.RegistryConfig;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.Prediction;
import dev.pqp.schema.PredictionEvent;
import dev.pqp.stream.ingest.DeadLetters;
import dev.pqp.testing.ApicurioRegistry;
import dev.pqp.testing.FaultProxy;
import dev.pqp.testing.Settle;
import io.micrometer.core.instrument.Counter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real schema registry (Apicurio) behind a {@link FaultProxy}, pqp with its defaults (exactly-once v2,
 * 2 s registry timeout, 5 s probe interval) reading Confluent-framed predictions of two schema ids: one it has
 * seen, one registered meanwhile. With the registry down, then black-holed under a burst of new-id records, the
 * new-id records are dead-lettered as {@code registry_unavailable} while the known id is processed, the
 * application stays RUNNING with no transaction aborted (every count exact, nothing doubled), and once the
 * registry is back new-id records are processed after one probe interval.
 */
class RegistryOutageIntegrationTest {
  private static final String REASON = "registry_unavailable";
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final int BURST = 200;

  @TempDir Path dir;

  private final Map<String, Long> sent = new HashMap<>(); // "valid", "rejected"
  private final Set<String> rejectedKeys = new HashSet<>();

  @Test
  void shouldDeadLetterNewSchemaIdsWhileTheRegistryIsDownOrBlackHoledAndNeverRestartATask() throws Exception {
    CompletableFuture<ApicurioRegistry> starting = CompletableFuture.supplyAsync(ApicurioRegistry::start);
    // the broker aborts a transaction open past its timeout within 1 s (default: checked every 10 s)
    EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"),
        Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"));
    try (ApicurioRegistry registry = starting.join();
        FaultProxy proxy = FaultProxy.to(registry.port());
        KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
      SchemaRegistryClient direct = new SchemaRegistryClient(RegistryConfig.of(registry.url()));
      int known = direct.register("ml.predictions-value", PredictionEvent.getClassSchema());
      PqpConfig config = config(kafka.bootstrapServers(), "http://127.0.0.1:" + proxy.port() + "/apis/ccompat/v7");
      String topic = config.topics().predictions();
      try (PqpRuntime runtime = PqpRuntime.start(config)) {
        Settle.await(() -> runtime.streams().state() == KafkaStreams.State.RUNNING ? 1 : 0, 1, SETTLE_TIMEOUT, "RUNNING");

        // (a) registry up: the known id is looked up once and cached
        send(producer, topic, known, null, 20, true);
        settled(runtime, "(a) up", System.nanoTime());
        StateWatch watch = StateWatch.start(runtime.streams());

        // (b) a new id registered at the registry directly, then the registry goes down
        Schema evolved = evolved();
        int fresh = direct.register("it.evolved-value", evolved);
        proxy.mode(FaultProxy.Mode.DOWN);
        for (int i = 0; i < 10; i++) {
          send(producer, topic, fresh, evolved, 1, false);
          send(producer, topic, known, null, 1, true);
        }
        settled(runtime, "(b) down", System.nanoTime());

        // (c) black hole, once a probe is due: the first new-id record probes and waits out the 5 s timeout,
        // the rest of the burst fails fast
        Thread.sleep(PROBE_INTERVAL.toMillis() + 500);
        proxy.mode(FaultProxy.Mode.BLACKHOLE);
        int blackHoled = proxy.connections();
        long burst = System.nanoTime();
        send(producer, topic, fresh, evolved, BURST, false);
        send(producer, topic, known, null, 10, true);
        double took = settled(runtime, "(c) black hole", burst);
        System.out.printf(Locale.ROOT, "[registry-outage] burst of %d new-id + 10 known-id records settled %.2f s"
            + " after the first was sent, registry black-holed (%d connection(s) into the black hole)%n",
            BURST, took, proxy.connections() - blackHoled);
        assertThat(took).as("seconds to settle the burst: one 2 s probe, the rest fast").isLessThan(8.0);
        assertThat(proxy.connections() - blackHoled).as("requests into the black hole").isBetween(1, 2);

        // (d) registry back: after one probe interval new ids are looked up and processed
        proxy.mode(FaultProxy.Mode.UP);
        Thread.sleep(PROBE_INTERVAL.toMillis() + 500);
        for (int i = 0; i < 10; i++) {
          send(producer, topic, fresh, evolved, 1, true);
          send(producer, topic, known, null, 1, true);
        }
        settled(runtime, "(d) up again", System.nanoTime());

        assertDeadLetters(kafka.bootstrapServers(), config.topics().deadLetter());
        assertThat(runtime.registry().find(PipelineMetrics.REJECTED).counters())
            .as("no other reject reason").allSatisfy(c -> assertThat(c.getId().getTag("reason")).isEqualTo(REASON));
        assertThat(watch.stop()).as("Kafka Streams states seen after start-up").containsOnly(KafkaStreams.State.RUNNING);
      }
    } finally {
      kafka.close();
    }
  }

  /**
   * Derived records in Confluent-framed Avro: pqp registers their schemas before it starts, so a registry
   * that goes down later does not hold up a window's output; a registry that is down at start stops start-up
   * within startup.timeout with one line that names it.
   */
  @Test
  void shouldRegisterTheOutputSchemasAtStartAndPublishWindowsWhileTheRegistryIsDown() throws Exception {
    CompletableFuture<ApicurioRegistry> starting = CompletableFuture.supplyAsync(ApicurioRegistry::start);
    EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of());
    try (ApicurioRegistry registry = starting.join();
        FaultProxy proxy = FaultProxy.to(registry.port());
        KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
      SchemaRegistryClient direct = new SchemaRegistryClient(RegistryConfig.of(registry.url()));
      int known = direct.register("ml.predictions-value", PredictionEvent.getClassSchema());
      Map<String, String> avroOutput = Map.of("output.format", "avro", "startup.timeout", "2s", "window.size", "2s",
          "window.grace", "0s", "window.idle-flush", "1s");
      PqpConfig config = config(kafka.bootstrapServers(), "http://127.0.0.1:" + proxy.port() + "/apis/ccompat/v7",
          avroOutput);

      proxy.mode(FaultProxy.Mode.DOWN);
      long start = System.nanoTime();
      assertThatThrownBy(() -> PqpRuntime.start(config).close()).isInstanceOf(ConfigException.class)
          .hasMessage("cannot reach the schema registry at " + config.registryUrl() + " within 2 s (setting"
              + " startup.timeout) to register the schema of " + config.topics().featureDrift()
              + ": check registry.url and that the registry is up");
      assertThat((System.nanoTime() - start) / 1e9).as("seconds to give up").isLessThan(10.0);
      try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
          "bootstrap.servers", kafka.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get()).as("topics created before the registry was found down")
            .doesNotContain(config.topics().modelWindow(), config.topics().featureDrift(), config.topics().deadLetter());
      }

      proxy.mode(FaultProxy.Mode.UP);
      try (PqpRuntime runtime = PqpRuntime.start(config)) {
        Settle.await(() -> runtime.streams().state() == KafkaStreams.State.RUNNING ? 1 : 0, 1, SETTLE_TIMEOUT, "RUNNING");
        send(producer, config.topics().predictions(), known, null, 5, true); // the input id is looked up once
        settled(runtime, "up", System.nanoTime());
        proxy.mode(FaultProxy.Mode.BLACKHOLE);
        int blackHoled = proxy.connections();
        send(producer, config.topics().predictions(), known, null, 20, true);
        settled(runtime, "black hole", System.nanoTime());

        List<ConsumerRecord<String, byte[]>> windows = Settle.readCommitted(kafka.bootstrapServers(),
            config.topics().modelWindow(), 1, SETTLE_TIMEOUT);
        int id = ByteBuffer.wrap(windows.get(0).value(), 1, 4).getInt();
        assertThat(windows.get(0).value()[0]).as("Confluent magic byte").isZero();
        assertThat(id).isEqualTo(direct.idOf(config.topics().modelWindow() + "-value", ModelWindow.getClassSchema()));
        assertThat(proxy.connections() - blackHoled).as("registry requests while black-holed").isZero();
        assertThat(runtime.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    } finally {
      kafka.close();
    }
  }

  private PqpConfig config(String bootstrap, String registryUrl) {
    // Derived records in JSON: the test of the input side keeps the output's registry use out
    return config(bootstrap, registryUrl, Map.of("output.format", "json"));
  }

  private PqpConfig config(String bootstrap, String registryUrl, Map<String, String> more) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", bootstrap);
    s.put("application.id", "registry-outage");
    s.put("state.dir", dir.resolve("state").toString());
    s.put("http.host", "127.0.0.1");
    s.put("http.port", "0");
    s.put("registry.url", registryUrl);
    // two stream threads share the guard: a lookup that comes while the other thread probes must wait for the
    // probe's answer, not fail fast (with fail-fast, 7 of 10 new-id records after the outage were dead-lettered)
    s.put("stream.threads", "2");
    s.putAll(more);
    return ConfigLoader.load(null, Map.of(), s);
  }

  /**
   * Waits until every record sent is counted, then checks events and rejections exactly; returns the seconds
   * from {@code since} to the moment the last record was counted.
   */
  private double settled(PqpRuntime runtime, String phase, long since) throws InterruptedException {
    long records = sent.getOrDefault("valid", 0L) + sent.getOrDefault("rejected", 0L);
    double took = (Settle.await(() -> sum(runtime, PipelineMetrics.RECORDS), records, SETTLE_TIMEOUT, phase + ": pqp_records_total") - since)
        / 1e9;
    System.out.printf(Locale.ROOT, "[registry-outage] %s: %d records in so far, the last counted %.2f s after"
        + " sending%n", phase, records, took);
    assertThat(sum(runtime, PipelineMetrics.RECORDS)).as(phase + ": records in").isEqualTo((double) records);
    assertThat(sum(runtime, PipelineMetrics.EVENTS)).as(phase + ": valid events")
        .isEqualTo((double) sent.getOrDefault("valid", 0L));
    assertThat(sum(runtime, PipelineMetrics.REJECTED)).as(phase + ": rejections")
        .isEqualTo((double) sent.getOrDefault("rejected", 0L));
    assertThat(runtime.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    return took;
  }

  private void assertDeadLetters(String bootstrap, String topic) {
    List<ConsumerRecord<String, byte[]>> dead = Settle.readCommitted(bootstrap, topic, rejectedKeys.size(), SETTLE_TIMEOUT);
    assertThat(dead).hasSize(rejectedKeys.size());
    Set<String> keys = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : dead) {
      Header reason = r.headers().lastHeader(DeadLetters.REASON);
      assertThat(reason).isNotNull();
      assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isEqualTo(REASON);
      keys.add(r.key());
    }
    assertThat(keys).as("each rejected record dead-lettered once").isEqualTo(rejectedKeys);
  }

  private void send(KafkaProducer<String, byte[]> producer, String topic, int id, Schema evolved, int n,
      boolean valid) throws IOException {
    for (int i = 0; i < n; i++) {
      String key = UUID.randomUUID().toString();
      producer.send(new ProducerRecord<>(topic, key, confluent(id, evolved, event(key))));
      sent.merge(valid ? "valid" : "rejected", 1L, Long::sum);
      if (!valid) {
        rejectedKeys.add(key);
      }
    }
    producer.flush();
  }

  private static PredictionEvent event(String id) {
    return PredictionEvent.newBuilder()
        .setPredictionId(id)
        .setModelName("registry-outage")
        .setModelVersion("v1")
        .setTimestamp(System.currentTimeMillis())
        .setFeatures(Map.of("x", 1.0))
        .setPrediction(Prediction.newBuilder().setScore(0.5).build())
        .build();
  }

  /** Confluent framing: magic 0, the schema id, then the datum written with pqp's schema or the evolved one. */
  private static byte[] confluent(int id, Schema evolved, PredictionEvent event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    if (evolved == null) {
      new GenericDatumWriter<Object>(PredictionEvent.getClassSchema()).write(event, encoder);
    } else {
      GenericData.Record record = new GenericData.Record(evolved);
      for (Schema.Field f : PredictionEvent.getClassSchema().getFields()) {
        record.put(f.name(), event.get(f.pos()));
      }
      record.put("ab_bucket", "b");
      new GenericDatumWriter<Object>(evolved).write(record, encoder);
    }
    encoder.flush();
    return out.toByteArray();
  }

  /** PredictionEvent as a producer evolved it: one more optional field, which pqp's reader schema ignores. */
  private static Schema evolved() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode schema = (ObjectNode) json.readTree(PredictionEvent.getClassSchema().toString());
    ObjectNode field = ((ArrayNode) schema.get("fields")).addObject();
    field.put("name", "ab_bucket");
    field.putArray("type").add("null").add("string");
    field.putNull("default");
    return new Schema.Parser().parse(schema.toString());
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG,
        "all"), new StringSerializer(), new ByteArraySerializer());
  }

  private static double sum(PqpRuntime runtime, String name) {
    return runtime.registry().find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Samples the Kafka Streams state every 20 ms: a fenced producer or a restarted thread shows as REBALANCING. */
  private static final class StateWatch {
    private final Set<KafkaStreams.State> seen = EnumSet.noneOf(KafkaStreams.State.class);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private StateWatch(KafkaStreams streams) {
      thread = new Thread(() -> {
        boolean started = false;
        while (running.get()) {
          KafkaStreams.State state = streams.state();
          started |= state == KafkaStreams.State.RUNNING;
          if (started) {
            synchronized (seen) {
              seen.add(state);
            }
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "state-watch");
      thread.setDaemon(true);
    }

    static StateWatch start(KafkaStreams streams) {
      StateWatch w = new StateWatch(streams);
      w.thread.start();
      return w;
    }

    Set<KafkaStreams.State> stop() throws InterruptedException {
      running.set(false);
      thread.join();
      synchronized (seen) {
        return EnumSet.copyOf(seen);
      }
    }
  }
}
