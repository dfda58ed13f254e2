package dev.pqp.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.Prediction;
import dev.pqp.schema.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;

/** Writes the event contracts in one wire format. */
public interface EventEncoder {
  byte[] prediction(String topic, PredictionEvent e);

  byte[] groundTruth(String topic, GroundTruthEvent e);

  /** The plain JSON that most serving stacks emit (not Avro's JSON encoding, which wraps unions). */
  static EventEncoder json() {
    return new EventEncoder() {
      @Override
      public byte[] prediction(String topic, PredictionEvent e) {
        return Json.write(g -> {
          g.writeStringField("prediction_id", e.getPredictionId());
          g.writeStringField("model_name", e.getModelName());
          g.writeStringField("model_version", e.getModelVersion());
          if (e.getTimestamp() != null) {
            g.writeNumberField("timestamp", e.getTimestamp());
          }
          g.writeObjectFieldStart("features");
          for (Map.Entry<String, Object> f : e.getFeatures().entrySet()) {
            Json.scalar(g, f.getKey(), f.getValue());
          }
          g.writeEndObject();
          Prediction p = e.getPrediction();
          g.writeObjectFieldStart("prediction");
          Json.scalar(g, "score", p.getScore());
          Json.scalar(g, "label", p.getLabel());
          Json.scalar(g, "value", p.getValue());
          g.writeEndObject();
          Json.scalar(g, "latency_ms", e.getLatencyMs());
          Json.scalar(g, "status", e.getStatus());
          Json.scalar(g, "route", e.getRoute());
        });
      }

      @Override
      public byte[] groundTruth(String topic, GroundTruthEvent e) {
        return Json.write(g -> {
          g.writeStringField("prediction_id", e.getPredictionId());
          Json.scalar(g, "timestamp", e.getTimestamp());
          Json.scalar(g, "label", e.getLabel());
          Json.scalar(g, "value", e.getValue());
          if (e.getOutcomes() != null) {
            g.writeObjectFieldStart("outcomes");
            for (Map.Entry<String, Double> o : new java.util.TreeMap<>(e.getOutcomes()).entrySet()) {
              g.writeNumberField(o.getKey(), o.getValue());
            }
            g.writeEndObject();
          }
        });
      }
    };
  }

  /** Avro single-object encoding ({@code 0xC3 0x01} + fingerprint), readable without a registry. */
  static EventEncoder avroSingleObject() {
    return new EventEncoder() {
      @Override
      public byte[] prediction(String topic, PredictionEvent e) {
        return bytes(() -> e.toByteBuffer());
      }

      @Override
      public byte[] groundTruth(String topic, GroundTruthEvent e) {
        return bytes(() -> e.toByteBuffer());
      }
    };
  }

  /** Any record serializer keyed by topic, such as a Confluent-framing serializer. */
  static EventEncoder of(BiFunction<String, SpecificRecord, byte[]> serializer) {
    return new EventEncoder() {
      @Override
      public byte[] prediction(String topic, PredictionEvent e) {
        return serializer.apply(topic, e);
      }

      @Override
      public byte[] groundTruth(String topic, GroundTruthEvent e) {
        return serializer.apply(topic, e);
      }
    };
  }

  private static byte[] bytes(IoSupplier<java.nio.ByteBuffer> s) {
    try {
      java.nio.ByteBuffer b = s.get();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A supplier that may throw IOException. */
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  /** Small helpers for writing flat JSON objects. */
  final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    interface Body {
      void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Body body) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      try (JsonGenerator g = FACTORY.createGenerator(out)) {
        g.writeStartObject();
        body.write(g);
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    static void scalar(JsonGenerator g, String name, Object v) throws IOException {
      if (v == null) {
        if (name.equals("score") || name.equals("label") || name.equals("value")) {
          return; // omit absent prediction fields rather than writing null
        }
        g.writeNullField(name);
      } else if (v instanceof Double d) {
        g.writeNumberField(name, d);
      } else if (v instanceof Long l) {
        g.writeNumberField(name, l);
      } else if (v instanceof Integer i) {
        g.writeNumberField(name, i);
      } else if (v instanceof Boolean b) {
        g.writeBooleanField(name, b);
      } else {
        g.writeStringField(name, v.toString());
      }
    }
  }
}
