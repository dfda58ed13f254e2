package dev.pqp.app;

import dev.pqp.config.ConfigException;
import dev.pqp.config.PqpConfig;
import dev.pqp.config.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics pqp reads and writes when they do not exist yet (input, derived, dead-letter, reference). */
public final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /**
   * Waits until every partition of new topics has a leader: a producer that writes to a topic created a
   * moment ago otherwise gets NOT_LEADER errors and, with idempotence, long retries.
   */
  private static void awaitLeaders(Admin client, List<String> topics) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        boolean ready = client.describeTopics(topics).allTopicNames().get().values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        // metadata of a topic created a moment ago may not have propagated yet: ask again
      }
      Thread.sleep(100);
    }
  }

  private static Map<String, Object> adminConfig(PqpConfig config) {
    Map<String, Object> admin = new java.util.HashMap<>();
    config.kafka().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        admin.put(k, v);
      }
    });
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // a broker that cannot be reached stops start-up after startup.timeout, not after the client's 60 s
    int timeout = (int) config.startupTimeout().toMillis();
    admin.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    admin.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    // and says so a few times, not every second
    admin.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 2_000);
    admin.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
    return admin;
  }

  /**
   * Decides {@code ground-truth.copartitioned=auto} when the join runs ({@link CopartitionCheck}), and says in
   * the log which and why. An explicit true or false stands.
   */
  public static PqpConfig decideCopartitioning(PqpConfig config, dev.pqp.ingest.WriterSchemas schemas)
      throws InterruptedException {
    var gt = config.analysis().groundTruth();
    if (!gt.enabled() || gt.copartitioning() != dev.pqp.config.GroundTruthSettings.Copartitioning.AUTO) {
      return config;
    }
    try (Admin client = Admin.create(adminConfig(config))) {
      CopartitionCheck.Verdict v = CopartitionCheck.check(config, client, schemas);
      if (v.copartitioned()) {
        LOG.info("ground truth: the join reads predictions and labels without repartitioning them "
            + "(ground-truth.copartitioned=auto): {}", v.reason());
      } else {
        LOG.info("ground truth: the join repartitions predictions and labels by prediction_id "
            + "(ground-truth.copartitioned=auto): {}; producers that key both by prediction_id on topics of equal "
            + "partition counts save that", v.reason());
      }
      return config.withCopartitionedGroundTruth(v.copartitioned());
    } catch (ExecutionException e) {
      throw unreachable(config, e, "cannot check whether the ground-truth topics are co-partitioned");
    }
  }

  /**
   * Decides {@code ground-truth.enabled=auto}: the join runs when the ground-truth topic exists (pqp creates
   * it unless {@code topics.create} is off), and the log says which and why. An explicit true or false stands.
   */
  public static PqpConfig decideGroundTruth(PqpConfig config) throws InterruptedException {
    if (!config.analysis().groundTruth().auto()) {
      return config;
    }
    String topic = config.topics().groundTruth();
    try (Admin client = Admin.create(adminConfig(config))) {
      boolean exists = client.listTopics().names().get().contains(topic);
      if (exists) {
        LOG.info("ground truth: joining '{}' with the predictions by prediction_id (ground-truth.enabled=auto, the "
            + "topic exists); ml_model_accuracy and the other realized figures appear once labels arrive", topic);
      } else {
        LOG.info("ground truth: not joined, topic '{}' does not exist (ground-truth.enabled=auto); create it, or "
            + "set ground-truth.enabled=true, to get accuracy", topic);
      }
      return config.withGroundTruth(exists);
    } catch (ExecutionException e) {
      throw unreachable(config, e, "cannot list topics");
    }
  }

  /**
   * The number of stage-1 tasks: the most partitions among the topics stage 1 reads, predictions and
   * features (Kafka Streams makes one task per partition of a sub-topology's sources). Ground truth is a
   * sub-topology of its own and does not count: with more ground-truth partitions, stage 2 would wait for
   * sources that never report and close windows only by the idle wall clock. Stage 2 waits for all of them
   * before it closes a window by stream time.
   */
  public static int inputPartitions(PqpConfig config) throws InterruptedException {
    var t = config.topics();
    try (Admin client = Admin.create(adminConfig(config))) {
      Set<String> existing = client.listTopics().names().get();
      List<String> inputs = java.util.stream.Stream.of(t.predictions(), t.features(), t.groundTruth())
          .filter(existing::contains).toList();
      Map<String, Integer> partitions = new java.util.HashMap<>();
      if (!inputs.isEmpty()) {
        client.describeTopics(inputs).allTopicNames().get().forEach((name, d) -> partitions.put(name, d.partitions().size()));
      }
      if (config.analysis().groundTruth().enabled() && config.analysis().groundTruth().copartitioned()) {
        checkCopartitioned(t, partitions);
      }
      return stage1Sources(t, partitions, config.topicPartitions());
    } catch (ExecutionException e) {
      throw unreachable(config, e, "cannot describe input topics");
    }
  }

  /**
   * The stage-1 tasks for these partition counts by topic name: the most partitions of the predictions and
   * features topics; {@code fallback} when neither exists yet.
   */
  public static int stage1Sources(Topics topics, Map<String, Integer> partitions, int fallback) {
    return java.util.stream.Stream.of(topics.predictions(), topics.features()).filter(partitions::containsKey)
        .mapToInt(partitions::get).max().orElse(fallback);
  }

  /**
   * With {@code ground-truth.copartitioned=true} the join reads predictions and ground truth without
   * repartitioning them, so partition i of both must hold the same prediction ids: both topics must exist
   * with the same partition count (and producers must key both by prediction_id with the default
   * partitioner, which pqp cannot check).
   *
   * @throws ConfigException naming the setting and both counts when that cannot hold
   */
  public static void checkCopartitioned(Topics topics, Map<String, Integer> partitions) {
    Integer predictions = partitions.get(topics.predictions());
    Integer truth = partitions.get(topics.groundTruth());
    if (predictions == null || truth == null || !predictions.equals(truth)) {
      throw new ConfigException("setting 'ground-truth.copartitioned' = 'true' needs topics '" + topics.predictions()
          + "' and '" + topics.groundTruth() + "' to exist with the same partition count, but they have "
          + count(predictions) + " and " + count(truth) + ": set it to false to let pqp repartition both by prediction_id");
    }
  }

  private static String count(Integer n) {
    return n == null ? "none (missing)" : n.toString();
  }

  /**
   * A timeout or an authentication failure as one line that names the address and the setting
   * ({@link ConfigException}, printed without a stack trace); anything else as it is.
   */
  private static RuntimeException unreachable(PqpConfig config, ExecutionException e, String what) {
    var auth = KafkaAuthFailures.explain(e, config.bootstrapServers(), config.kafka());
    if (auth.isPresent()) {
      return auth.get();
    }
    if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
      return new ConfigException("cannot reach Kafka at " + config.bootstrapServers() + " within "
          + config.startupTimeout().toSeconds() + " s (setting startup.timeout): check bootstrap.servers, that the "
          + "brokers are up and that this host can connect to them");
    }
    return new IllegalStateException(what + " at " + config.bootstrapServers() + ": " + e.getCause().getMessage(), e);
  }

  public static void ensure(PqpConfig config) throws InterruptedException {
    try (Admin client = Admin.create(adminConfig(config))) {
      Set<String> existing = client.listTopics().names().get();
      Optional<Short> rf = config.topicReplication() < 0 ? Optional.empty() : Optional.of(config.topicReplication());
      Optional<Integer> parts = Optional.of(config.topicPartitions());
      List<NewTopic> wanted = new ArrayList<>();
      var t = config.topics();
      for (String name : List.of(t.predictions(), t.features(), t.groundTruth(), t.deadLetter(), t.featureDrift(),
          t.modelWindow(), t.performance(), t.actions())) {
        if (!existing.contains(name)) {
          wanted.add(new NewTopic(name, parts, rf));
        }
      }
      if (!existing.contains(t.profiles())) {
        wanted.add(new NewTopic(t.profiles(), parts, rf)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(StreamsSettings.MAX_RECORD_BYTES))));
      }
      if (!config.analysis().comparisons().isEmpty() && !existing.contains(t.comparisons())) {
        // an upsert per comparison and metric: the latest record of each key is the comparison as it stands
        wanted.add(new NewTopic(t.comparisons(), parts, rf)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      }
      if (!existing.contains(t.reference())) {
        wanted.add(new NewTopic(t.reference(), Optional.of(1), rf)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                // a reference with many features, at k = 2000, is larger than Kafka's 1 MB default
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(StreamsSettings.MAX_RECORD_BYTES))));
      }
      if (wanted.isEmpty()) {
        return;
      }
      try {
        client.createTopics(wanted).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topics " + wanted + ": " + e.getCause().getMessage(), e);
        }
      }
      awaitLeaders(client, wanted.stream().map(NewTopic::name).toList());
    } catch (ExecutionException e) {
      throw unreachable(config, e, "cannot list topics");
    }
  }
}
