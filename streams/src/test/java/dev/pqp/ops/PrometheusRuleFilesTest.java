package dev.pqp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes PrometheusRule (k8s/base/prometheusrule.yaml) is generated from the rule files Prometheus
 * loads (docker/prometheus/rules/*.yml), never kept by hand: this test fails when the two differ, and
 * {@code -Dpqp.regenerate=true} writes the generated one.
 */
class PrometheusRuleFilesTest {
  private static final Path ROOT = Path.of("..");
  private static final Path GENERATED = ROOT.resolve("k8s/base/prometheusrule.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

  static JsonNode fromRuleFiles() throws IOException {
    ObjectNode rule = YAML.createObjectNode();
    rule.put("apiVersion", "monitoring.coreos.com/v1").put("kind", "PrometheusRule");
    rule.putObject("metadata").put("name", "pqp");
    ArrayNode groups = rule.putObject("spec").putArray("groups");
    List<Path> files;
    try (var list = Files.list(ROOT.resolve("docker/prometheus/rules"))) {
      files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    for (Path f : files) {
      YAML.readTree(f.toFile()).get("groups").forEach(groups::add);
    }
    return rule;
  }

  @Test
  void shouldHoldExactlyTheGroupsOfTheRuleFiles() throws IOException {
    JsonNode expected = fromRuleFiles();
    if (Boolean.getBoolean("pqp.regenerate")) {
      Files.writeString(GENERATED, "# GENERATED from docker/prometheus/rules/*.yml by PrometheusRuleFilesTest"
          + " (-Dpqp.regenerate=true); do not edit.\n" + YAML.writeValueAsString(expected));
    }
    assertThat(YAML.readTree(GENERATED.toFile())).as("k8s/base/prometheusrule.yaml vs the rule files; regenerate "
        + "with mvn -pl processor test -Dtest=PrometheusRuleFilesTest -Dpqp.regenerate=true").isEqualTo(expected);
    assertThat(expected.at("/spec/groups")).hasSizeGreaterThanOrEqualTo(3);
  }
}
