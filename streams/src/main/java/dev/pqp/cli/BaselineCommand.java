package dev.pqp.cli;

import dev.pqp.app.KafkaAuthFailures;
import dev.pqp.app.Registries;
import dev.pqp.app.TopicSetup;
import dev.pqp.baseline.PredictionHistory;
import dev.pqp.baseline.ReferencePublisher;
import dev.pqp.config.ConfigException;
import dev.pqp.config.PqpConfig;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.reference.Columns;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.reference.TrainingDataException;
import dev.pqp.reference.TrainingFormat;
import dev.pqp.reference.TrainingRows;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pqp baseline}: builds a reference profile from training files (CSV, JSON Lines, Avro) or from past
 * prediction traffic, prints its summary and, with {@code --publish}, writes it to the reference topic.
 * Exit code 2 for bad input or options, with a message naming the file and line.
 */
@Command(name = "baseline",
    description = {"Build a reference (baseline) profile from training data or past traffic, print it, and",
      "with --publish write it to the compacted reference topic under MODEL/VERSION (or MODEL/* for all versions).",
      "Examples:",
      "  pqp baseline --model churn --input train.csv --exclude customer_id,label --categorical zip",
      "  pqp baseline --model churn --version v3 --input part-1.avro part-2.avro --publish -b kafka:9092",
      "  pqp baseline --from-topic --model churn --version v3 --from 2026-01-01T00:00:00Z --to 2026-01-08T00:00:00Z -b kafka:9092"})
final class BaselineCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  // no mixinStandardHelpOptions: its -V/--version would take the model's --version
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Option(names = "--model", required = true, paramLabel = "NAME", description = "model name")
  String model;

  @Option(names = "--version", defaultValue = ReferenceProfile.ALL_VERSIONS, paramLabel = "V",
      description = "model version, or * for every version of the model (default: ${DEFAULT-VALUE})")
  String version;

  @Option(names = "--input", arity = "1..*", paramLabel = "FILE", description = "training files (.csv, .jsonl/.ndjson/.json, .avro)")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FMT", description = "csv, jsonl or avro, instead of guessing from the extension")
  String format;

  @Option(names = "--id", paramLabel = "ID", description = "identifier shown in outputs (default: input names and build time)")
  String id;

  @Option(names = "--exclude", split = ",", paramLabel = "COL", description = "columns to leave out, e.g. prediction_id,label,timestamp")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--categorical", split = ",", paramLabel = "COL", description = "columns to profile as categories whatever they look like, e.g. zip")
  List<String> categorical = new ArrayList<>();

  @Option(names = "--score-column", paramLabel = "COL", description = "column with the model's score in [0, 1] (binary): the reference's score mix")
  String scoreColumn;

  @Option(names = "--predicted-class-column", paramLabel = "COL", description = "column with the class the model "
      + "predicted (not the true label, which a reference leaves out): the reference's class mix")
  String labelColumn;

  /** The old name of {@code --predicted-class-column}, easily read as the true label's column. */
  @Option(names = "--label-column", hidden = true, paramLabel = "COL")
  void deprecatedLabelColumn(String column) {
    deprecatedLabelColumn = true;
    labelColumn = column;
  }

  private boolean deprecatedLabelColumn;

  @Option(names = "--publish", description = "write the reference to the reference topic (creating topics if missing)")
  boolean publish;

  @Option(names = "--from-topic", description = "build from past predictions on the predictions topic instead of files")
  boolean fromTopic;

  @Option(names = "--from", paramLabel = "TIME", description = "with --from-topic: first record time (epoch ms or ISO-8601)")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "with --from-topic: end time, exclusive (default: now)")
  String to;

  @Option(names = "--timeout", defaultValue = "10m", paramLabel = "D", description = "with --from-topic: give up after (default: ${DEFAULT-VALUE})")
  String timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (deprecatedLabelColumn) {
      err.println("pqp baseline: --label-column is deprecated, use --predicted-class-column: it names the column of the"
          + " class the model predicted, not the true label");
    }
    checkOptions();
    PqpConfig config = options.load();
    ReferenceBuilder builder = new ReferenceBuilder(config.analysis().profile());
    String refId;
    try {
      refId = fromTopic ? readTraffic(config.requireBootstrapServers(), builder, out) : readFiles(builder, err);
    } catch (TrainingDataException e) {
      err.println("pqp baseline: " + e.getMessage());
      return 2;
    } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
      throwIfAuthentication(config, e);
      err.println("pqp baseline: " + e.getMessage());
      return 1;
    }
    if (builder.rows() == 0) {
      err.println("pqp baseline: no rows" + (fromTopic ? " of model " + model + " version " + version + " in that range" : " in the input")
          + ": nothing to build a reference from");
      return 2;
    }
    ReferenceProfile ref = builder.build(refId, model, version, System.currentTimeMillis());
    byte[] encoded = ReferenceCodec.encode(ref);
    ReferenceSummary.print(out, ref, builder.rows(), encoded.length);
    if (publish) {
      return publish(config.requireBootstrapServers(), ref, out, err);
    }
    return 0;
  }

  /** A wrong password or certificate is a setting to fix: one line naming it, exit 2, like any wrong setting. */
  private static void throwIfAuthentication(PqpConfig config, Exception e) {
    var auth = KafkaAuthFailures.explain(e, config.bootstrapServers(), config.kafka());
    if (auth.isPresent()) {
      throw auth.get();
    }
  }

  private void checkOptions() {
    if (model.isBlank() || version.isBlank()) {
      throw new ConfigException("--model and --version must not be blank");
    }
    if (fromTopic == !inputs.isEmpty()) {
      throw new ConfigException("give either --input FILE... or --from-topic, not " + (fromTopic ? "both" : "neither"));
    }
    if (fromTopic && from == null) {
      throw new ConfigException("--from-topic needs --from TIME (epoch millis or ISO-8601)");
    }
    if (fromTopic && (scoreColumn != null || labelColumn != null)) {
      throw new ConfigException("--score-column and --predicted-class-column apply to --input files; --from-topic reads the predictions' own outputs");
    }
    if (!fromTopic && (from != null || to != null)) {
      throw new ConfigException("--from and --to apply only with --from-topic");
    }
    if (format != null) {
      try {
        TrainingFormat.parse(format);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--format '" + format + "' is not supported: use csv, jsonl or avro");
      }
    }
  }

  private String readFiles(ReferenceBuilder builder, PrintWriter err) throws IOException {
    Columns columns = new Columns(Set.copyOf(exclude), Set.copyOf(categorical));
    TrainingFormat f = format == null ? null : TrainingFormat.parse(format);
    for (Path file : inputs) {
      if (!Files.isReadable(file) || Files.isDirectory(file)) {
        throw new TrainingDataException(file.toString(), 0, "no such readable file");
      }
      try (TrainingRows rows = TrainingRows.open(file, f, columns)) {
        boolean first = true;
        for (Map<String, Object> row = rows.next(); row != null; row = rows.next()) {
          var output = OutputColumns.take(row, scoreColumn, labelColumn);
          if (first) {
            OutputColumns.suspects(row.keySet()).forEach(w -> err.println("pqp baseline: " + w));
            first = false;
          }
          builder.add(row, output);
        }
      }
    }
    if (id != null) {
      return id;
    }
    String names = inputs.get(0).getFileName() + (inputs.size() > 1 ? "+" + (inputs.size() - 1) + " more" : "");
    return names + "@" + Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  private String readTraffic(PqpConfig config, ReferenceBuilder builder, PrintWriter out) {
    long fromMs = Durations.instant("--from", from);
    long toMs = to == null ? System.currentTimeMillis() : Durations.instant("--to", to);
    if (toMs <= fromMs) {
      throw new ConfigException("--to must be after --from");
    }
    Duration limit = Durations.parse("--timeout", timeout);
    EventDecoder decoder = new EventDecoder(EventType.PREDICTION, config.limits(), Registries.writerSchemas(config));
    String topic = config.topics().predictions();
    PredictionHistory.Result r = new PredictionHistory(ClientOptions.clientProperties(config, ConsumerConfig.configNames(), Map.of()), limit)
        .read(topic, model, version, fromMs, toMs, decoder, builder);
    out.printf("read %d records of %s from %s to %s: %d predictions of %s/%s kept, %d of other models or versions, "
            + "%d outside the time range, %d rejected %s%n", r.records(), topic, Instant.ofEpochMilli(fromMs),
        Instant.ofEpochMilli(toMs), r.kept(), model, version, r.otherModels(), r.outsideRange(), r.rejectedTotal(),
        r.rejected().isEmpty() ? "" : r.rejected());
    return id != null ? id : topic + "@" + Instant.ofEpochMilli(fromMs) + ".." + Instant.ofEpochMilli(toMs);
  }

  private int publish(PqpConfig config, ReferenceProfile ref, PrintWriter out, PrintWriter err) throws InterruptedException {
    String topic = config.topics().reference();
    try {
      if (config.createTopics()) {
        TopicSetup.ensure(config);
      }
      RecordMetadata m = ReferencePublisher.publish(ClientOptions.clientProperties(config, ProducerConfig.configNames(), Map.of()), topic, ref);
      out.printf("published %s to %s partition %d offset %d%n", ref.topicKey(), topic, m.partition(), m.offset());
      out.flush();
      return 0;
    } catch (ExecutionException e) {
      throwIfAuthentication(config, e);
      err.println("pqp baseline: cannot publish " + ref.topicKey() + " to " + topic + ": " + e.getCause().getMessage());
      return 1;
    } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
      throwIfAuthentication(config, e);
      err.println("pqp baseline: cannot publish " + ref.topicKey() + " to " + topic + ": " + e.getMessage());
      return 1;
    }
  }
}
