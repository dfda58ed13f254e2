package dev.pqp.stream.groundtruth;

/**
 * A cache-line-blocked Bloom filter of 64-bit keys that are hashes already ({@link PredictionKey}): a key's
 * {@link #PROBES} bits all lie in one block of 512 bits (one cache line), picked from the key's own bits after a
 * cheap remix, so that a query costs one memory access and no hashing of bytes. At {@link #BITS_PER_KEY} bits per
 * key its false-positive rate is 0.5 to 0.6 % at capacity ({@code BlockedBloomTest} measures it; an unblocked filter
 * of the same size would give 0.3 %, the 9.6-bit one it replaces gave 1 %). DataSketches' {@code BloomFilter},
 * which this replaces in {@link SlotFilters}, hashed every
 * key again and read {@code k} random words of its array per query, which JFR found at 5 % of the co-partitioned
 * join's stream threads in {@code pqp bench --ground-truth}.
 */
final class BlockedBloom {
  static final int BITS_PER_KEY = 12;
  static final int PROBES = 8;
  private static final int WORDS_PER_BLOCK = 8; // 512 bits: one 64-byte cache line
  private final long[] words;
  private final int blocks;
  private final long capacity;
  private long keys;

  /** A filter for {@code capacity} keys at under 1 % false positives. */
  BlockedBloom(long capacity) {
    this.blocks = blocksFor(capacity);
    this.words = new long[Math.multiplyExact(blocks, WORDS_PER_BLOCK)];
    this.capacity = capacity;
  }

  /** The bits a filter for {@code capacity} keys takes, without making it. */
  static long bitsFor(long capacity) {
    return (long) blocksFor(capacity) * 512;
  }

  private static int blocksFor(long capacity) {
    long bits = Math.max(512, Math.multiplyExact(capacity, BITS_PER_KEY));
    return Math.toIntExact((bits + 511) / 512);
  }

  /** Adds {@code key}. */
  void add(long key) {
    probe(key, true);
    keys++;
  }

  /** Whether {@code key} may have been added: false only when it surely was not. */
  boolean mayContain(long key) {
    return probe(key, false);
  }

  /** Sets the key's bits ({@code set}) or tells whether they are all set, leaving at the first that is not. */
  private boolean probe(long key, boolean set) {
    long h = mix(key);
    int base = block(h);
    int a = (int) h;
    int b = (int) (h >>> 32) | 1;
    for (int i = 0; i < PROBES; i++) {
      int bit = (a + i * b) & 511;
      int word = base + (bit >>> 6);
      long mask = 1L << bit;
      if (set) {
        words[word] |= mask;
      } else if ((words[word] & mask) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether it holds as many keys as it was sized for. */
  boolean full() {
    return keys >= capacity;
  }

  /** The keys it was sized for. */
  long capacity() {
    return capacity;
  }

  /** The bits it takes. */
  long bits() {
    return bitsFor(capacity);
  }

  /** The first word of the key's block, from the high bits of the first remix (Lemire's range reduction). */
  private int block(long h) {
    long m = mix(h ^ 0x9e3779b97f4a7c15L) >>> 32;
    return (int) ((m * blocks) >>> 32) * WORDS_PER_BLOCK;
  }

  /** MurmurHash3's 64-bit finalizer: the keys' bits spread again, so that the probes do not follow their order. */
  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    return k ^ (k >>> 33);
  }
}
