package dev.pqp.topology.store;

import dev.pqp.profile.FormatByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A value codec over {@link DataOutputStream}: a format byte, then what {@link #write} writes; {@link #read} gets the
 * format byte it reads, which must be one of the readable ones (the current format and those older releases wrote).
 */
public abstract class DataCodec<V> implements ValueCodec<V> {
  private final String form;
  private final int format;
  private final int[] readable;

  /**
   * @param form what the bytes hold, for the message of a format this pqp does not read
   * @param format the format written
   * @param older the older formats still read
   */
  protected DataCodec(String form, int format, int... older) {
    this.form = form;
    this.format = format;
    this.readable = Arrays.copyOf(older, older.length + 1);
    this.readable[older.length] = format;
  }

  protected abstract void write(DataOutputStream out, V value) throws IOException;

  protected abstract V read(int format, DataInputStream in) throws IOException;

  @Override
  public final byte[] encode(V value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(format);
      write(out, value);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public final V decode(byte[] bytes) {
    int read = FormatByte.read(bytes, form, readable);
    try {
      return read(read, new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
