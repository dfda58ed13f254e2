package dev.pqp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The conventions of the shipped Prometheus rules (docker/prometheus): every alert routes by severity and
 * team, explains itself and links a runbook that exists, has a row in the alert table of docs/operations.md, and has a
 * promtool unit test that sees it fire and one that sees it stay silent; every recording rule has an
 * expression test, and the promtool tests load every rule file. `.ci/run` runs the promtool
 * tests themselves.
 */
class AlertRulesTest {
  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode read(String path) throws IOException {
    return YAML.readTree(Files.readString(ROOT.resolve(path)));
  }

  private static List<JsonNode> rules(String file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    read(file).get("groups").forEach(g -> g.get("rules").forEach(out::add));
    return out;
  }

  @Test
  void shouldRouteExplainAndLinkARunbookForEveryAlert() throws IOException {
    List<JsonNode> alerts = rules("docker/prometheus/rules/alerts.yml");
    assertThat(alerts).extracting(a -> a.get("alert").asText()).contains("MLInferenceHighLatencyP95",
        "MLInferenceHighErrorRate", "MLDriftCriticalFeatureDetected", "MLFeatureMissingRatioHigh",
        "MLPredictionDistributionShift");
    for (JsonNode a : alerts) {
      String name = a.get("alert").asText();
      assertThat(a.at("/labels/severity").asText()).as(name).isIn("page", "ticket");
      assertThat(a.at("/labels/team").asText()).as(name).isIn("ml-platform", "applied-ml", "data-platform");
      assertThat(a.at("/annotations/summary").asText()).as(name).isNotBlank();
      assertThat(a.at("/annotations/description").asText()).as(name).isNotBlank();
      assertThat(a.at("/annotations/runbook_url").asText()).as(name).isEqualTo("docs/runbooks/" + name + ".md");
      assertThat(ROOT.resolve("docs/runbooks/" + name + ".md")).as(name).isRegularFile();
      assertThat(a.get("for")).as(name + " has a for: duration").isNotNull();
    }
  }

  @Test
  void shouldTestEveryAlertFiringAndSilentAndEveryRecordingRule() throws IOException {
    Set<String> firing = new HashSet<>();
    Set<String> silent = new HashSet<>();
    Set<String> expressions = new HashSet<>();
    read("docker/prometheus/tests/rules-test.yml").get("tests").forEach(group -> {
      group.path("alert_rule_test").forEach(t -> {
        boolean fires = t.has("exp_alerts") && !t.get("exp_alerts").isEmpty();
        (fires ? firing : silent).add(t.get("alertname").asText());
      });
      group.path("promql_expr_test").forEach(t -> expressions.add(t.get("expr").asText().trim()));
    });
    for (JsonNode a : rules("docker/prometheus/rules/alerts.yml")) {
      String name = a.get("alert").asText();
      assertThat(firing).as("a test where %s fires", name).contains(name);
      assertThat(silent).as("a test where %s stays silent", name).contains(name);
    }
    for (JsonNode r : rules("docker/prometheus/rules/recording.yml")) {
      assertThat(expressions).as("an expression test of %s", r.get("record").asText()).contains(r.get("record").asText());
    }
  }

  @Test
  void shouldDocumentEveryAlertInTheOperationsDocAndUnitTestEveryRuleFile() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/operations.md"));
    for (JsonNode a : rules("docker/prometheus/rules/alerts.yml")) {
      String name = a.get("alert").asText();
      assertThat(doc).as("the row of %s in docs/operations.md, with its severity and team and its runbook", name)
          .contains("| `" + name + "` | " + a.at("/labels/severity").asText() + ", " + a.at("/labels/team").asText() + " | ")
          .contains("[runbook](runbooks/" + name + ".md)");
    }
    Set<String> loaded = new HashSet<>();
    read("docker/prometheus/tests/rules-test.yml").get("rule_files").forEach(f -> loaded.add(f.asText()));
    try (var files = Files.list(ROOT.resolve("docker/prometheus/rules"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
        assertThat(loaded).as("rules-test.yml loads %s", f.getFileName()).contains("../rules/" + f.getFileName());
      }
    }
  }
}
