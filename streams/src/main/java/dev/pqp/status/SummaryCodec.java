package dev.pqp.status;

import dev.pqp.profile.FormatByte;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The stored form of a {@link WindowSummary}: a format byte, then its JSON (UTF-8). JSON because the page
 * reads the same fields and a summary is written once per finalized window, not per event. Format 2 adds each
 * feature's p-value and merged windows; format 1 is still read (they read as none and 1).
 */
public final class SummaryCodec {
  static final byte FORMAT = 2;

  private SummaryCodec() {}

  public static byte[] encode(WindowSummary summary) {
    try {
      byte[] json = StatusJson.MAPPER.writeValueAsBytes(summary);
      byte[] out = new byte[json.length + 1];
      out[0] = FORMAT;
      System.arraycopy(json, 0, out, 1, json.length);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @throws IllegalArgumentException for another format */
  public static WindowSummary decode(byte[] bytes) {
    FormatByte.read(bytes, "window summary", 1, FORMAT);
    try {
      return StatusJson.MAPPER.readValue(bytes, 1, bytes.length - 1, WindowSummary.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
