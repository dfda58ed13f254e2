package dev.pqp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.ConfigKey;
import dev.pqp.config.Topics;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and docs/ against the code, both ways: every metric pqp exports is in the metrics table of
 * docs/reading-results.md and every metric there is exported; every topic of {@link Topics} is documented where its
 * kind is (inputs in docs/integrating.md, outputs in the derived-topics table) and every {@code ml.*} topic the docs
 * name is one of them; every relative link and anchor resolves. Each failure names the item.
 *
 * <p>Not repeated here: {@code SettingsCommandTest} holds the settings table of docs/configuration.md equal to
 * {@code pqp settings --markdown}, one row per {@link ConfigKey}, so every setting is documented there and every
 * setting documented there exists; {@code AlertRulesTest} wants a row per alert in docs/operations.md.
 */
class DocumentationTest {
  private static final Path ROOT = Path.of("..");
  private static final String METRICS_TABLE = "| metric | labels | meaning |";
  private static final String TOPICS_TABLE = "| topic | one record per | fields |";
  private static final Pattern METRIC = Pattern.compile("(ml|pqp)_[a-z0-9_]+");
  private static final Pattern TOPIC = Pattern.compile("\\bml\\.[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");
  /** What a sample's name may add to the name of its metric: histogram and summary series, counters. */
  private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_max", "_total", "_created");
  /** Exported metrics the metrics table need not list, each with the reason. None so far. */
  private static final Map<String, String> UNDOCUMENTED = Map.of();

  @TempDir
  Path stateDir;

  @Test
  void shouldDocumentEveryExportedMetricAndExportEveryDocumentedOne() {
    Set<String> documented = documentedMetrics();
    SortedSet<String> exported = ExportedMetrics.names(stateDir);
    List<String> problems = new ArrayList<>();
    exported.stream()
        .filter(name -> !UNDOCUMENTED.containsKey(name))
        .filter(name -> documented.stream().noneMatch(d -> isSampleOf(name, d)))
        .forEach(name -> problems.add(name + ": exported, but not in the metrics table"));
    documented.stream()
        .filter(d -> exported.stream().noneMatch(name -> isSampleOf(name, d)))
        .forEach(d -> problems.add(d + ": in the metrics table, but not exported"));
    assertThat(problems).as("metrics of pqp against the metrics table of docs/reading-results.md").isEmpty();
    assertThat(exported).as("the metrics an instance exports were collected").hasSizeGreaterThan(50);
  }

  @Test
  void shouldDocumentEveryTopicWhereItsKindIsAndNameNoOtherTopic() throws Exception {
    String integrating = Markdown.read(ROOT.resolve("docs/integrating.md")).text();
    Set<String> derived = new TreeSet<>();
    Markdown.read(ROOT.resolve("docs/reading-results.md")).firstCells(TOPICS_TABLE)
        .forEach(cell -> derived.addAll(Markdown.codeSpans(cell)));
    String docs = String.join("\n", Markdown.all(ROOT).stream().map(Markdown::text).toList());
    Set<String> topics = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (RecordComponent c : Topics.class.getRecordComponents()) {
      String topic = (String) c.getAccessor().invoke(Topics.defaults());
      topics.add(topic);
      ConfigKey setting = Arrays.stream(ConfigKey.values()).filter(k -> topic.equals(k.defaultValue()))
          .findFirst().orElse(null);
      if (setting == null) {
        problems.add(topic + " (Topics." + c.getName() + "): no setting has it as its default");
      } else if (setting.description().startsWith("input")) {
        if (!integrating.contains("`" + topic + "`")) {
          problems.add(topic + " (" + setting.key() + "): an input topic not named in docs/integrating.md");
        }
      } else if (setting.description().startsWith("output")) {
        if (!derived.contains(topic)) {
          problems.add(topic + " (" + setting.key() + "): an output topic without a row in the derived-topics table"
              + " of docs/reading-results.md");
        }
      } else if (!docs.contains("`" + topic + "`")) {
        problems.add(topic + " (" + setting.key() + "): named nowhere in the README or docs/");
      }
    }
    namedTopics().stream().filter(named -> !topics.contains(named))
        .forEach(named -> problems.add(named + ": named in the README or docs/, but not a topic of pqp (Topics)"));
    assertThat(problems).as("the topics of pqp against the README and docs/").isEmpty();
  }

  @Test
  void shouldResolveEveryRelativeLinkAndAnchor() {
    List<Markdown> docs = Markdown.all(ROOT);
    List<String> broken = new ArrayList<>();
    for (Markdown doc : docs) {
      for (String link : doc.relativeLinks()) {
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        Path target = file.isEmpty() ? doc.path() : doc.path().getParent().resolve(file).normalize();
        if (!Files.exists(target)) {
          broken.add(ROOT.relativize(doc.path()) + ": " + link + " (no such file)");
        } else if (hash >= 0 && !Markdown.read(target).anchors().contains(link.substring(hash + 1))) {
          broken.add(ROOT.relativize(doc.path()) + ": " + link + " (no such heading)");
        }
      }
    }
    assertThat(broken).as("relative links of the README and docs/ that lead nowhere").isEmpty();
  }

  /** Every {@code ml_*} and {@code pqp_*} name in the first column of the metrics table. */
  private static Set<String> documentedMetrics() {
    Set<String> out = new TreeSet<>();
    for (String cell : Markdown.read(ROOT.resolve("docs/reading-results.md")).firstCells(METRICS_TABLE)) {
      Markdown.codeSpans(cell).stream().filter(s -> METRIC.matcher(s).matches()).forEach(out::add);
    }
    return out;
  }

  /** Whether the exposition's sample {@code name} is a series of the documented metric {@code documented}. */
  private static boolean isSampleOf(String name, String documented) {
    return name.equals(documented) || SUFFIXES.stream().anyMatch(s -> name.equals(documented + s));
  }

  /** Every {@code ml.*} topic name the README and docs/ mention, in prose or in code. */
  private static Set<String> namedTopics() {
    Set<String> out = new TreeSet<>();
    for (Markdown doc : Markdown.all(ROOT)) {
      Matcher m = TOPIC.matcher(doc.text());
      while (m.find()) {
        out.add(m.group());
      }
    }
    return out;
  }
}
