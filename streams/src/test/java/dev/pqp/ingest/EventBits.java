package dev.pqp.ingest;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event written out to the bit: each value with its class, each double as its raw bits, maps in key order.
 * Two events with the same text are equal and read the same values (where {@code equals} holds 0.0 and -0.0
 * apart but hides a NaN's bits, and says nothing of the classes in a map's values beyond their equality).
 */
final class EventBits {
  private EventBits() {}

  static String of(Event e) {
    if (e == null) {
      return "null";
    }
    if (e instanceof Prediction p) {
      return "Prediction(" + p.predictionId() + ", " + p.modelName() + ", " + p.modelVersion() + ", " + p.timestampMs()
          + ", " + map(p.features()) + ", " + output(p.output()) + ", " + value(p.latencyMs()) + ", " + p.status() + ", "
          + p.route() + ", " + map(p.attributes()) + ")";
    }
    if (e instanceof FeatureLog f) {
      return "FeatureLog(" + f.modelName() + ", " + f.modelVersion() + ", " + f.predictionId() + ", " + f.timestampMs()
          + ", " + map(f.features()) + ")";
    }
    GroundTruth g = (GroundTruth) e;
    return "GroundTruth(" + g.predictionId() + ", " + g.timestampMs() + ", " + g.label() + ", " + value(g.value()) + ")";
  }

  private static String output(Output o) {
    return "Output(" + value(o.score()) + ", " + o.label() + ", " + map(o.probabilities()) + ", " + value(o.value()) + ")";
  }

  private static String map(Map<String, ?> m) {
    if (m == null) {
      return "null";
    }
    StringBuilder s = new StringBuilder("{");
    new TreeMap<String, Object>(m).forEach((k, v) -> s.append(k.codePoints()
        .mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : Character.toString(c))
        .reduce("", String::concat)).append('=').append(value(v)).append(", "));
    return s.append('}').toString();
  }

  private static String value(Object v) {
    if (v instanceof Double d) {
      return "Double(" + d + " 0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
    }
    return v == null ? "null" : v.getClass().getSimpleName() + "(" + v + ")";
  }
}
