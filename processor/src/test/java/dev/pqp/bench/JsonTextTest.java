package dev.pqp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTextTest {
  private static final long START = 1_700_000_000_000L;

  @Test
  void shouldWriteEventsAndLabelsByteForByteAsJsonDumpsWritesThem() throws Exception {
    BenchEvents events = new BenchEvents(2_000, START, 5, 60_000, 42, EventShape.PYTHON);
    SplittableRandom r = new SplittableRandom(42);
    SplittableRandom lr = new SplittableRandom(43);
    List<String> lines = new ArrayList<>();
    for (long i = 0; i < 2_000; i++) {
      BenchEvents.Drawn d = events.draw(i, events.timestampMs(i, r), r);
      lines.add(new String(events.json(d), StandardCharsets.US_ASCII));
      lines.add(new String(events.label("labels", 0, new byte[0], d.id(), d.ts(), lr).value(), StandardCharsets.US_ASCII));
    }
    Map<String, Object> odd = new LinkedHashMap<>();
    odd.put("s", "caf\u00e9 \"quoted\" back\\slash \n\t\u0001\u007f \ud834\udd1e");
    odd.put("n", null);
    odd.put("tiny", 1e-7);
    lines.add(new String(new JsonText(EventShape.PYTHON).write(odd), StandardCharsets.US_ASCII));

    // what Python writes for the same objects: parse each line, write it again with json.dumps' defaults
    List<String> python = Python.run("import json, sys\n"
        + "for line in sys.stdin:\n"
        + "    print(json.dumps(json.loads(line)))\n", lines);

    assertThat(python).hasSize(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).isEqualTo(python.get(i));
    }
    assertThat(lines.get(0)).contains("\", \"model_name\": \"bench-model\", ");
  }

  @Test
  void shouldWriteTheCompactShapeAsJacksonDoes() throws Exception {
    ObjectMapper jackson = new ObjectMapper();
    BenchEvents events = new BenchEvents(1_000, START, 5, 60_000, 42, EventShape.COMPACT);
    SplittableRandom r = new SplittableRandom(42);
    for (long i = 0; i < 1_000; i++) {
      BenchEvents.Drawn d = events.draw(i, events.timestampMs(i, r), r);

      assertThat(new String(events.json(d), StandardCharsets.US_ASCII))
          .isEqualTo(jackson.writeValueAsString(BenchEvents.tree(d)));
    }
  }
}
