package dev.pqp.profile;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The profile of a categorical or boolean feature (booleans as categories {@code "true"} and
 * {@code "false"}, {@link #kind()} BOOLEAN), and of other bounded-memory string counts such as
 * predicted classes or serving statuses.
 *
 * <p>Consumes categories through {@link #update(String, boolean)} or {@link #add}; emits per-category
 * counts and missing, invalid and unseen-in-reference counts. The first {@code cap} distinct categories
 * are counted exactly, forever; later new categories go to a DataSketches frequent-items sketch, the
 * "tail", so memory stays bounded whatever the cardinality. {@link #count(String)} is exact for a
 * category that never reached the tail and an (estimate, bounds) triple otherwise.
 */
public final class CategoricalProfile implements FeatureProfile {
  static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

  private final FeatureKind kind;
  private final int cap;
  private final int tailMapSize;
  private final HashMap<String, long[]> exact; // long[1] so counting does not box per event
  private ItemsSketch<String> tail; // null until the first category past the cap
  private long valid; // kept so count() is O(1), not a walk over the exact map
  private long missing;
  private long invalid;
  private long unseen;

  /**
   * An empty profile.
   *
   * @param kind CATEGORICAL or BOOLEAN
   * @param cap distinct categories counted exactly
   * @param tailMapSize maximum map size of the tail sketch, a power of two
   */
  public CategoricalProfile(FeatureKind kind, int cap, int tailMapSize) {
    if (kind == FeatureKind.NUMERIC) {
      throw new IllegalArgumentException("a categorical profile is CATEGORICAL or BOOLEAN");
    }
    this.kind = kind;
    this.cap = cap;
    this.tailMapSize = tailMapSize;
    this.exact = new HashMap<>();
  }

  /** Restores a state written by {@link ProfileCodec}. */
  static CategoricalProfile restore(FeatureKind kind, int cap, int tailMapSize, Map<String, Long> exactCounts,
      ItemsSketch<String> tail, long missing, long invalid, long unseen) {
    CategoricalProfile p = new CategoricalProfile(kind, cap, tailMapSize);
    exactCounts.forEach((c, n) -> p.exact.put(c, new long[] {n}));
    p.tail = tail;
    p.valid = tail == null ? 0 : tail.getStreamLength();
    exactCounts.values().forEach(n -> p.valid += n);
    p.missing = missing;
    p.invalid = invalid;
    p.unseen = unseen;
    return p;
  }

  @Override
  public FeatureKind kind() {
    return kind;
  }

  /**
   * Counts one category; {@code unseenInReference} is the caller's verdict against the reference. A
   * {@code null} category counts as missing.
   */
  public void update(String category, boolean unseenInReference) {
    if (category == null) {
      missing++;
      return;
    }
    update(category, 1);
    if (unseenInReference) {
      unseen++;
    }
  }

  private void update(String category, long n) {
    valid += n;
    long[] c = exact.get(category);
    if (c != null) {
      c[0] += n;
    } else if (exact.size() < cap) {
      exact.put(category, new long[] {n});
    } else {
      if (tail == null) {
        tail = new ItemsSketch<>(tailMapSize);
      }
      tail.update(category, n);
    }
  }

  @Override
  public void add(String feature, Object value, FeatureBounds bounds) {
    if (value == null) {
      missing++;
    } else if (value instanceof Boolean b) {
      addBoolean(feature, b, bounds);
    } else if (value instanceof String s) {
      addCategory(feature, s, bounds);
    } else {
      invalid++;
    }
  }

  @Override
  public void addCategory(String feature, String category, FeatureBounds bounds) {
    if (category == null) {
      missing++;
    } else if (kind == FeatureKind.CATEGORICAL) {
      update(category, bounds.unseen(feature, category));
    } else {
      invalid++;
    }
  }

  /** Counted as the category {@code "true"} or {@code "false"}. */
  @Override
  public void addBoolean(String feature, boolean value, FeatureBounds bounds) {
    if (kind == FeatureKind.BOOLEAN) {
      String category = value ? "true" : "false";
      update(category, bounds.unseen(feature, category));
    } else {
      invalid++;
    }
  }

  /** A number is of the wrong kind here: invalid. */
  @Override
  public void addNumber(String feature, double value, FeatureBounds bounds) {
    invalid++;
  }

  @Override
  public void addNull(String feature, FeatureBounds bounds) {
    missing++;
  }

  /** Counts a value that was absent: a {@code null} feature, a prediction with no status. */
  public void addMissing() {
    missing++;
  }

  @Override
  public void addMissing(long n) {
    missing += n;
  }

  @Override
  public void addInvalid(long n) {
    invalid += n;
  }

  /**
   * Merges {@code other} in place: its exact counts go to this profile's exact map while there is room
   * (or where the category is already exact here), the rest and its tail to this tail.
   */
  @Override
  public void merge(FeatureProfile other) {
    if (!(other instanceof CategoricalProfile o) || o.kind != kind) {
      throw new IllegalArgumentException("cannot merge " + other.kind() + " into " + kind);
    }
    o.exact.forEach((category, n) -> update(category, n[0]));
    if (o.tail != null && !o.tail.isEmpty()) {
      if (tail == null) {
        tail = new ItemsSketch<>(tailMapSize);
      }
      tail.merge(o.tail); // reads o.tail, never writes it
      valid += o.tail.getStreamLength();
    }
    missing += o.missing;
    invalid += o.invalid;
    unseen += o.unseen;
  }

  @Override
  public CategoricalProfile copy() {
    ItemsSketch<String> t = tail == null ? null : ItemsSketch.getInstance(Memory.wrap(tail.toByteArray(SERDE)), SERDE);
    return restore(kind, cap, tailMapSize, exactCounts(), t, missing, invalid, unseen);
  }

  /** The count of {@code category}; exact unless some of its occurrences went to the tail. */
  public CategoryCount count(String category) {
    long[] c = exact.get(category);
    long base = c == null ? 0 : c[0];
    if (tail == null) {
      return new CategoryCount(base, base, base);
    }
    return new CategoryCount(
        base + tail.getEstimate(category), base + tail.getLowerBound(category), base + tail.getUpperBound(category));
  }

  /** Exactly counted categories and their counts (a snapshot, at most {@code cap} entries). */
  public Map<String, Long> exactCounts() {
    Map<String, Long> out = new HashMap<>(exact.size() * 2);
    exact.forEach((category, n) -> out.put(category, n[0]));
    return Collections.unmodifiableMap(out);
  }

  /** The frequent-items sketch of the tail, or {@code null} while every category is counted exactly. */
  public ItemsSketch<String> tail() {
    return tail;
  }

  /** Values in the tail: the "other" bucket beyond the exact categories (exact total). */
  public long tailCount() {
    return tail == null ? 0 : tail.getStreamLength();
  }

  /** Whether every category count is exact. */
  public boolean isExact() {
    return tailCount() == 0;
  }

  /** Distinct categories counted exactly, at most {@code cap}. */
  public int exactCategories() {
    return exact.size();
  }

  @Override
  public long count() {
    return valid;
  }

  @Override
  public long missing() {
    return missing;
  }

  @Override
  public long invalid() {
    return invalid;
  }

  /** Valid values whose category the caller found absent from the reference. */
  public long unseenInReference() {
    return unseen;
  }

  int cap() {
    return cap;
  }

  int tailMapSize() {
    return tailMapSize;
  }
}
