package dev.pqp.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An event's features without a map entry or a boxed value per feature: names in one array, a kind byte per
 * feature, numbers as the bits of a double or the value of a long in a {@code long[]}, strings in their own array.
 * The decoders build it ({@link Builder}); the profile reads it through {@link #forEach(FeatureVisitor)}.
 *
 * <p>It is also the read-only {@code Map<String, Object>} that {@link ModelEvent#features()} has always been: a
 * number read as an integer is a {@link Long}, any other a {@link Double}, then {@link Boolean}, {@link String} or
 * {@code null}, each boxed when asked for. {@code equals} and {@code hashCode} are those of any map of the same
 * entries (a {@link java.util.HashMap}'s). Names are distinct: a name given twice keeps its first place and its
 * last value, as {@code put} into a map does. Entries come in the order of their names' first appearance.
 * {@link #get} looks through the names one by one: fine for the features of one event, not a lookup table.
 */
public final class FeatureValues extends AbstractMap<String, Object> {
  /** No features. */
  public static final FeatureValues EMPTY = new FeatureValues(new String[0], new byte[0], new long[0], null);

  private static final byte MISSING = 0;
  private static final byte REAL = 1;
  private static final byte INTEGER = 2;
  private static final byte TRUE = 3;
  private static final byte FALSE = 4;
  private static final byte TEXT = 5;

  private final String[] names;
  private final byte[] kinds;
  /** A REAL's raw double bits, an INTEGER's value; 0 for the other kinds. */
  private final long[] bits;
  /** A TEXT's string at its index; null when there is none. */
  private final String[] texts;

  private FeatureValues(String[] names, byte[] kinds, long[] bits, String[] texts) {
    this.names = names;
    this.kinds = kinds;
    this.bits = bits;
    this.texts = texts;
  }

  /**
   * The features of {@code map}, in its order; its values must be {@link Double}, {@link Long}, {@link Boolean},
   * {@link String} or null.
   *
   * @throws IllegalArgumentException for a value of another type
   */
  public static FeatureValues copyOf(Map<String, ?> map) {
    if (map instanceof FeatureValues f) {
      return f;
    }
    Builder b = new Builder();
    map.forEach((name, v) -> {
      if (!b.add(name, v)) {
        throw new IllegalArgumentException("feature '" + name + "' is a " + v.getClass().getName()
            + ", not a Double, Long, Boolean, String or null");
      }
    });
    return b.build();
  }

  /** Calls {@code v} once per feature, in order, without boxing. */
  public void forEach(FeatureVisitor v) {
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      switch (kinds[i]) {
        case REAL -> v.numeric(name, Double.longBitsToDouble(bits[i]));
        case INTEGER -> v.integer(name, bits[i]);
        case TRUE -> v.bool(name, true);
        case FALSE -> v.bool(name, false);
        case TEXT -> v.category(name, texts[i]);
        default -> v.missing(name);
      }
    }
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : value(i);
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < names.length; i++) {
      action.accept(names[i], value(i));
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return names.length;
      }

      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(names[i], value(i));
          }
        };
      }
    };
  }

  /** As any map's: the sum of each name's hash code xor its boxed value's, computed without boxing. */
  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < names.length; i++) {
      int v = switch (kinds[i]) {
        case REAL -> Double.hashCode(Double.longBitsToDouble(bits[i]));
        case INTEGER -> Long.hashCode(bits[i]);
        case TRUE -> Boolean.hashCode(true);
        case FALSE -> Boolean.hashCode(false);
        case TEXT -> texts[i].hashCode();
        default -> 0;
      };
      h += names[i].hashCode() ^ v;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o); // AbstractMap's: equal to any map of the same entries
  }

  private int indexOf(Object key) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private Object value(int i) {
    return switch (kinds[i]) {
      case REAL -> Double.longBitsToDouble(bits[i]);
      case INTEGER -> bits[i];
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case TEXT -> texts[i];
      default -> null;
    };
  }

  /**
   * Collects one event's features into scratch arrays, then {@link #build}s a right-sized {@link FeatureValues}:
   * a decoder keeps one and reuses it for every event. A name added again keeps its place and takes the new value.
   * Names are found again by a small open-addressing table of their hash codes (a name from a decoder's cache has
   * its hash code computed once), whose slots are stamped per event rather than cleared. Not thread-safe.
   */
  public static final class Builder {
    private String[] names = new String[16];
    private byte[] kinds = new byte[16];
    private long[] bits = new long[16];
    private String[] texts = new String[16];
    private int size;
    private int textCount;
    /** Index + 1 of the name in a slot, valid where {@code stamps} holds the current {@code stamp}. */
    private int[] slots = new int[32];
    private int[] stamps = new int[32];
    private int stamp = 1;

    /** Forgets the features added since the last build or clear. */
    public Builder clear() {
      Arrays.fill(texts, 0, size, null); // no string of an old event stays reachable from here
      size = 0;
      textCount = 0;
      if (++stamp == 0) { // after 2^32 events: slots stamped long ago would seem current
        Arrays.fill(stamps, 0);
        stamp = 1;
      }
      return this;
    }

    public Builder real(String name, double value) {
      return put(name, REAL, Double.doubleToRawLongBits(value), null);
    }

    public Builder integer(String name, long value) {
      return put(name, INTEGER, value, null);
    }

    public Builder bool(String name, boolean value) {
      return put(name, value ? TRUE : FALSE, 0, null);
    }

    /** A string value; null counts as missing. */
    public Builder text(String name, String value) {
      return value == null ? missing(name) : put(name, TEXT, 0, value);
    }

    public Builder missing(String name) {
      return put(name, MISSING, 0, null);
    }

    /**
     * Adds a boxed value, as the map view gives it back; false, and nothing added, for a value of another type than
     * {@link Double}, {@link Long}, {@link Boolean}, {@link String} or null.
     */
    public boolean add(String name, Object value) {
      if (value == null) {
        missing(name);
      } else if (value instanceof Double d) {
        real(name, d);
      } else if (value instanceof Long l) {
        integer(name, l);
      } else if (value instanceof Boolean b) {
        bool(name, b);
      } else if (value instanceof String s) {
        text(name, s);
      } else {
        return false;
      }
      return true;
    }

    /** Features added so far (each name once). */
    public int size() {
      return size;
    }

    /** The features added since the last build or clear, in right-sized arrays; then clears. */
    public FeatureValues build() {
      if (size == 0) {
        clear();
        return EMPTY;
      }
      FeatureValues f = new FeatureValues(Arrays.copyOf(names, size), Arrays.copyOf(kinds, size),
          Arrays.copyOf(bits, size), textCount == 0 ? null : Arrays.copyOf(texts, size));
      clear();
      return f;
    }

    private Builder put(String name, byte kind, long value, String text) {
      int slot = slot(name);
      int i;
      if (stamps[slot] == stamp) {
        i = slots[slot] - 1;
        textCount -= kinds[i] == TEXT ? 1 : 0;
      } else {
        i = size++;
        names[i] = name;
        stamps[slot] = stamp;
        slots[slot] = size;
      }
      kinds[i] = kind;
      bits[i] = value;
      texts[i] = text;
      textCount += kind == TEXT ? 1 : 0;
      if (size == names.length || 2 * size > slots.length) {
        grow();
      }
      return this;
    }

    /** The slot of {@code name}: where it is, or the free one it would go to. */
    private int slot(String name) {
      int mask = slots.length - 1;
      int h = name.hashCode();
      for (int s = (h ^ h >>> 16) & mask; ; s = (s + 1) & mask) {
        if (stamps[s] != stamp || names[slots[s] - 1].equals(name)) {
          return s;
        }
      }
    }

    private void grow() {
      if (size == names.length) {
        int n = names.length * 2;
        names = Arrays.copyOf(names, n);
        kinds = Arrays.copyOf(kinds, n);
        bits = Arrays.copyOf(bits, n);
        texts = Arrays.copyOf(texts, n);
      }
      if (2 * size > slots.length) {
        slots = new int[slots.length * 2];
        stamps = new int[slots.length];
        stamp = 1;
        for (int i = 0; i < size; i++) {
          int s = slot(names[i]);
          stamps[s] = stamp;
          slots[s] = i + 1;
        }
      }
    }
  }
}
