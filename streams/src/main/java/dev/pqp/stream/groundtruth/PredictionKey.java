package dev.pqp.stream.groundtruth;

import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * The key of a prediction in the join's stores: 64 bits of MurmurHash3 (x64, 128-bit, seed below) of its
 * id's UTF-8 bytes, in place of the id itself. Independent of {@link IdSample}'s hash, so that a sample
 * does not narrow the keys.
 *
 * <p><b>Collisions.</b> Two distinct ids share a key with probability 2<sup>-64</sup>; among {@code n}
 * predictions waiting in one join task at once, some pair does with probability about
 * n<sup>2</sup>/2<sup>65</sup>: 3 &times; 10<sup>-6</sup> for 10 million, 2.7 % for a billion. A collision
 * costs at most one outcome: the label of one joins the prediction of the other when both wait at once.
 * {@code PredictionKeyTest} draws ten million ids and finds none.
 */
final class PredictionKey {
  private static final long SEED = 0x7071705f6a6f696eL; // "pqp_join"
  /** Reserved for the store's clock entry ({@link GroundTruthJoin}); an id that hashes to it moves by one. */
  static final long CLOCK = Long.MIN_VALUE;

  private PredictionKey() {}

  static long of(String predictionId) {
    byte[] bytes = predictionId.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) { // ingest rejects an empty id; MurmurHash3 takes no empty input
      return SEED;
    }
    long h = MurmurHash3.hash(bytes, SEED)[0];
    return h == CLOCK ? CLOCK + 1 : h;
  }

  /**
   * The key, in the early store, of the business outcomes that came before the prediction of {@code key}: apart
   * from its early label's, which shares the store. A fixed odd multiplier is a bijection of the longs, so two
   * ids' outcome keys collide exactly when their keys do; one meets another id's label key as rarely as any two
   * keys meet.
   */
  static long outcomes(long key) {
    long k = key * 0x9e3779b97f4a7c15L + 1;
    return k == CLOCK ? CLOCK + 1 : k;
  }
}
