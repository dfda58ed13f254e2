package dev.pqp.ingest;

import java.util.Arrays;

/**
 * The names a JSON reader met lately (or short values: categories, model names), by their bytes in the record
 * (between the quotes, escapes and all): a name met again is the same String, not a new one per event. A name is first looked for where the name at the
 * same position of its object was last time (events of one producer write their names in one order), then in 512
 * sets of two, the newer first. Bounded: names longer than {@value #MAX_BYTES} bytes are not kept. Not thread-safe.
 */
final class NameCache {
  static final int MAX_BYTES = 64;
  /** Positions in an object remembered; a later name is looked for in the sets only. */
  static final int POSITIONS = 64;
  private static final int SET_BITS = 9;

  private final byte[][] keys = new byte[2 << SET_BITS][];
  private final String[] names = new String[2 << SET_BITS];
  private final byte[][] lastKeys = new byte[POSITIONS][];
  private final String[] lastNames = new String[POSITIONS];

  /**
   * The length of the name last seen at {@code position} if the bytes at {@code from} are it and its closing quote,
   * else -1.
   */
  int lengthAt(int position, byte[] b, int from, int end) {
    if (position >= POSITIONS || lastKeys[position] == null) {
      return -1;
    }
    int n = lastKeys[position].length;
    return from + n < end && b[from + n] == '"' && matches(lastKeys[position], b, from, from + n) ? n : -1;
  }

  /** The name last seen at {@code position}, after {@link #lengthAt} found it. */
  String at(int position) {
    return lastNames[position];
  }

  /** The name kept for the bytes {@code from} to {@code to}, the {@code position}-th of its object, or null. */
  String get(byte[] b, int from, int to, int position) {
    if (position < POSITIONS && matches(lastKeys[position], b, from, to)) {
      return lastNames[position];
    }
    if (to - from > MAX_BYTES) {
      return null;
    }
    int s = set(b, from, to);
    int way = matches(keys[s], b, from, to) ? s : matches(keys[s + 1], b, from, to) ? s + 1 : -1;
    if (way < 0) {
      return null;
    }
    remember(position, keys[way], names[way]);
    return names[way];
  }

  /** Keeps {@code name}, the string of the bytes {@code from} to {@code to}, before the newer of its set. */
  void put(byte[] b, int from, int to, int position, String name) {
    if (to - from > MAX_BYTES) {
      return;
    }
    int s = set(b, from, to);
    keys[s + 1] = keys[s];
    names[s + 1] = names[s];
    keys[s] = Arrays.copyOfRange(b, from, to);
    names[s] = name;
    remember(position, keys[s], name);
  }

  private void remember(int position, byte[] key, String name) {
    if (position < POSITIONS) {
      lastKeys[position] = key;
      lastNames[position] = name;
    }
  }

  /** The set of a name: from its length and its first and last eight bytes (two ways take what collides). */
  private static int set(byte[] b, int from, int to) {
    long h = to - from;
    if (to - from >= Long.BYTES) {
      h ^= (long) JsonCursor.LONGS.get(b, from) * 0x9E3779B97F4A7C15L;
      h ^= (long) JsonCursor.LONGS.get(b, to - Long.BYTES) * 0xC2B2AE3D27D4EB4FL;
    } else {
      for (int i = from; i < to; i++) {
        h = h * 31 + b[i];
      }
      h *= 0x9E3779B97F4A7C15L;
    }
    return (int) ((h ^ h >>> 29) * 0xBF58476D1CE4E5B9L >>> (64 - SET_BITS)) << 1;
  }

  /** Whether {@code key} holds the bytes {@code from} to {@code to}: eight at a time, the last eight overlapping. */
  private static boolean matches(byte[] key, byte[] b, int from, int to) {
    int n = to - from;
    if (key == null || key.length != n) {
      return false;
    }
    if (n < Long.BYTES) {
      for (int i = 0; i < n; i++) {
        if (key[i] != b[from + i]) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < n - Long.BYTES; i += Long.BYTES) {
      if ((long) JsonCursor.LONGS.get(key, i) != (long) JsonCursor.LONGS.get(b, from + i)) {
        return false;
      }
    }
    return (long) JsonCursor.LONGS.get(key, n - Long.BYTES) == (long) JsonCursor.LONGS.get(b, to - Long.BYTES);
  }
}
