package dev.pqp.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary decoder over the bytes of one record, refusing every length and item count that the bytes
 * left cannot hold before anything is allocated or skipped. Avro's own decoder trusts them: a record of a
 * hundred bytes that claims a 2 GB string or a map of two billion entries makes it allocate that much (a
 * string) or size a hash table for them (a map), and past its own limit of 2^31 - 9 it throws
 * UnsupportedOperationException. A refused length is reported as an {@link EOFException}: the record ends
 * before what it claims.
 *
 * <p>Every item of pqp's schemas takes at least one byte (a map entry has its key), so a block has at most as
 * many items as bytes remain, and all blocks of a record together at most as many as the record has bytes;
 * the second bound keeps a writer schema with arrays of empty items from spinning through billions of them.
 * Not thread-safe; reused record after record like Avro's own.
 */
final class BoundedAvroDecoder extends Decoder {
  private BinaryDecoder in;
  private Utf8 scratch = new Utf8();
  private long itemBudget;

  /** Decodes {@code length} bytes of {@code bytes} from {@code offset} next. */
  BoundedAvroDecoder reset(byte[] bytes, int offset, int length) {
    in = DecoderFactory.get().binaryDecoder(bytes, offset, length, in);
    itemBudget = length;
    return this;
  }

  private int remaining() throws IOException {
    return in.inputStream().available();
  }

  private int length(String what) throws IOException {
    long n = in.readLong();
    int left = remaining();
    if (n < 0 || n > left) {
      throw new EOFException(what + " of " + n + " bytes, but the record has " + left + " bytes left");
    }
    return (int) n;
  }

  private long items(long n, String what) throws IOException {
    int left = remaining();
    if (n < 0 || n > left || n > itemBudget) {
      throw new EOFException(what + " block of " + n + " items, but the record has " + left + " bytes left");
    }
    itemBudget -= n;
    return n;
  }

  /** The count of the next block; a negative count is followed by the block's size in bytes, not needed here. */
  private long blockCount(String what) throws IOException {
    long n = in.readLong();
    if (n < 0) {
      in.readLong();
      n = -n; // Long.MIN_VALUE stays negative and is refused
    }
    return items(n, what);
  }

  /** Skips the blocks whose size in bytes is given, then returns the count of a block to skip item by item. */
  private long skipBlocks(String what) throws IOException {
    long n = in.readLong();
    while (n < 0) {
      in.skipFixed(length(what + " block"));
      n = in.readLong();
    }
    return items(n, what);
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int n = length("string");
    Utf8 s = old != null ? old : new Utf8();
    s.setByteLength(n);
    in.readFixed(s.getBytes(), 0, n);
    return s;
  }

  @Override
  public String readString() throws IOException {
    scratch = readString(scratch);
    return scratch.toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(length("string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    byte[] b = new byte[length("bytes")];
    in.readFixed(b, 0, b.length);
    return ByteBuffer.wrap(b);
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(length("bytes"));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return blockCount("array");
  }

  @Override
  public long arrayNext() throws IOException {
    return blockCount("array");
  }

  @Override
  public long skipArray() throws IOException {
    return skipBlocks("array");
  }

  @Override
  public long readMapStart() throws IOException {
    return blockCount("map");
  }

  @Override
  public long mapNext() throws IOException {
    return blockCount("map");
  }

  @Override
  public long skipMap() throws IOException {
    return skipBlocks("map");
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
