package dev.pqp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.WriterSchemas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Turning version comparisons on adds a sub-topology of their own and leaves every other one as it was: the same
 * number, sources and stores, so that the tasks, their state directories and changelogs of a running application
 * stay where they are.
 */
class TopologyLayoutTest {
  /** Per sub-topology id: its source topics and its stores. */
  private static Map<Integer, String> layout(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("bootstrap.servers", "unused:9092");
    var description = TestTopologies.build(TestTopologies.config(all), new PipelineMetrics(new SimpleMeterRegistry()),
        WriterSchemas.NONE).describe();
    Map<Integer, String> out = new TreeMap<>();
    for (TopologyDescription.Subtopology s : description.subtopologies()) {
      Set<String> sources = new TreeSet<>();
      Set<String> stores = new TreeSet<>();
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Source source) {
          sources.addAll(source.topicSet());
        }
        if (n instanceof TopologyDescription.Processor p) {
          stores.addAll(p.stores());
        }
      }
      out.put(s.id(), "sources " + sources + " stores " + stores);
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void shouldAddTheComparisonsWithoutMovingAnyOtherSubTopology(boolean groundTruth) {
    Map<String, String> off = Map.of("ground-truth.enabled", Boolean.toString(groundTruth));
    Map<String, String> on = Map.of("ground-truth.enabled", Boolean.toString(groundTruth), "compare.versions", "m:b=a");
    Map<Integer, String> without = layout(off);
    Map<Integer, String> with = layout(on);
    assertThat(with).hasSize(without.size() + 1);
    without.forEach((id, what) -> assertThat(with.get(id)).as("sub-topology %d", id).isEqualTo(what));
    int comparisons = with.keySet().stream().filter(id -> !without.containsKey(id)).findFirst().orElseThrow();
    assertThat(with.get(comparisons)).contains("comparison-serving-counts").contains("comparison-tallies");
    if (groundTruth) {
      assertThat(with.get(comparisons)).contains("comparison-counts-repartition");
    }
  }

  @Test
  void shouldKeepTheComparisonsLast() {
    Map<Integer, String> with = layout(Map.of("ground-truth.enabled", "true", "compare.versions", "m:b=a"));
    int last = with.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertThat(with.get(last)).contains("comparison-tallies");
  }
}
