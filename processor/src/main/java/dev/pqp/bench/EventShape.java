package dev.pqp.bench;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How the bench writes its JSON events and labels ({@link JsonText}) and how its producer batches them.
 * {@link #PYTHON}, the default, is what a Python serving stack sends; {@link #COMPACT} is the bench's earlier
 * input, kept so that the figures measured on it can be reproduced.
 */
public enum EventShape {
  /**
   * {@code json.dumps(event)} with Python's defaults: {@code ", "} and {@code ": "} separators, floats as
   * {@code repr(float)}, strings ASCII-escaped; sent lz4-compressed in batches of at most 16 KiB after 5 ms of
   * linger. Those are kafka-python's and aiokafka's batch size, and the linger of librdkafka (confluent-kafka)
   * and of Kafka 4's Java producer; lz4 is the codec serving teams pick for JSON logs (fast, about 3x here).
   */
  PYTHON("python", "as Python's json.dumps writes them (\", \" and \": \" separators, floats as repr)", ", ", ": ",
      "lz4", 5, 16 * 1024),
  /** Jackson's compact output (floats as Java's {@code Double.toString}), uncompressed batches of up to 256 KiB. */
  COMPACT("compact", "as Jackson's compact output (no spaces, floats as Java's Double.toString)", ",", ":", "none",
      20, 256 * 1024);

  private final String flag;
  private final String description;
  final String itemSeparator;
  final String keySeparator;
  private final String compression;
  private final int lingerMs;
  private final int batchBytes;

  EventShape(String flag, String description, String itemSeparator, String keySeparator, String compression,
      int lingerMs, int batchBytes) {
    this.flag = flag;
    this.description = description;
    this.itemSeparator = itemSeparator;
    this.keySeparator = keySeparator;
    this.compression = compression;
    this.lingerMs = lingerMs;
    this.batchBytes = batchBytes;
  }

  /** The shape named {@code flag} ({@code python} or {@code compact}). */
  public static EventShape of(String flag) {
    for (EventShape s : values()) {
      if (s.flag.equals(flag)) {
        return s;
      }
    }
    throw new IllegalArgumentException("expected python or compact, got '" + flag + "'");
  }

  public String flag() {
    return flag;
  }

  /** How the text is written, for the bench's header. */
  public String description() {
    return description;
  }

  /** How the records are batched, for the bench's header: {@code lz4 batches (linger 5 ms, batch.size 16 KiB)}. */
  public String batches() {
    return String.format(Locale.ROOT, "%s batches (linger %d ms, batch.size %d KiB)",
        "none".equals(compression) ? "uncompressed" : compression, lingerMs, batchBytes / 1024);
  }

  public String compression() {
    return compression;
  }

  /** Sets the producer's compression, linger and batch size. */
  void configure(Map<String, Object> producer) {
    producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    producer.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    producer.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
  }

  /** Appends a float as this shape writes it: Python's repr, or Java's {@code Double.toString} as Jackson does. */
  void appendFloat(StringBuilder out, double v) {
    if (this == PYTHON) {
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        out.append(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"); // json.dumps, not repr
      } else {
        PythonFloat.append(out, v);
      }
    } else if (Double.isNaN(v) || Double.isInfinite(v)) {
      out.append('"').append(v).append('"'); // Jackson quotes them by default
    } else {
      out.append(v);
    }
  }
}
