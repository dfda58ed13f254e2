package dev.pqp.ingest.registry;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The Confluent wire framing: byte {@code 0x00}, the schema id as a 4-byte big-endian int, then the Avro
 * binary payload. Consumes and emits raw record bytes; knows nothing of Avro or the registry.
 */
public final class ConfluentWire {
  /** The first byte of every frame. */
  public static final byte MAGIC = 0x00;
  /** Magic byte plus schema id; the payload starts here. */
  public static final int HEADER_LENGTH = 5;

  private ConfluentWire() {}

  /** Whether {@code bytes} start like a frame: for choosing a decoder, not for validating one. */
  public static boolean isFramed(byte[] bytes) {
    return bytes != null && bytes.length >= HEADER_LENGTH && bytes[0] == MAGIC;
  }

  /**
   * The schema id of a frame.
   *
   * @throws IllegalArgumentException if {@code frame} is shorter than the header or has another magic byte
   */
  public static int schemaId(byte[] frame) {
    if (frame == null || frame.length < HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "Not a Confluent Avro frame: " + (frame == null ? "null" : frame.length + " bytes")
              + ", need at least " + HEADER_LENGTH + " (magic byte 0x00 and a 4-byte schema id)");
    }
    if (frame[0] != MAGIC) {
      throw new IllegalArgumentException(
          String.format("Not a Confluent Avro frame: first byte is 0x%02x, expected magic byte 0x00", frame[0]));
    }
    return ByteBuffer.wrap(frame, 1, 4).getInt();
  }

  /** A frame of {@code payload} written with schema {@code schemaId}. */
  public static byte[] frame(int schemaId, byte[] payload) {
    return ByteBuffer.allocate(HEADER_LENGTH + payload.length).put(MAGIC).putInt(schemaId).put(payload).array();
  }

  /** Writes the header into {@code out}, so a serializer can encode the payload after it without a copy. */
  public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
  }
}
