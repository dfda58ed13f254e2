package dev.pqp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.Limits;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CostSweepTest {
  @Test
  void shouldGenerateValidEventsWithTheCasesFeaturesAndVersions() {
    CostSweep.Case c = new CostSweep.Case(80, 10, 1_000);
    EventDecoder decoder = new EventDecoder(EventType.PREDICTION, Limits.defaults(), WriterSchemas.NONE);
    long now = System.currentTimeMillis();
    Set<String> versions = new HashSet<>();
    for (byte[] json : CostSweep.events(c, 100)) {
      Prediction p = (Prediction) decoder.decode(json, now, now); // a rejection would throw
      assertThat(p.features()).hasSize(80);
      assertThat(p.features().values()).filteredOn(v -> v instanceof String).hasSize(16);
      assertThat(p.features().values()).filteredOn(v -> v instanceof Boolean).hasSize(8);
      versions.add(p.modelVersion());
    }
    assertThat(versions).hasSize(10);
    assertThat(CostSweep.measure(c, 2_000)).isPositive();
  }
}
