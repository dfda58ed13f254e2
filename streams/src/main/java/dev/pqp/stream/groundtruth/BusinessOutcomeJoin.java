package dev.pqp.stream.groundtruth;

import dev.pqp.export.GroundTruthMetrics.Result;
import dev.pqp.stream.groundtruth.JoinRecords.Counted;
import dev.pqp.stream.groundtruth.JoinRecords.Label;
import dev.pqp.stream.groundtruth.JoinRecords.Pending;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The business outcomes' part of {@link GroundTruthJoin}: a ground-truth event's named outcomes (a click, a
 * conversion, its revenue) join the prediction that waits for its label, in the same store and by the same key,
 * so no second store of predictions. The entry's outcome bits ({@link CompactEntries#outcomes}) say which names its
 * prediction got: the first report of each is added to the prediction's window ({@link Counted#addBusiness}), a
 * later one is a duplicate. Outcomes that came before their prediction wait in the early store under their own key
 * ({@link PredictionKey#outcomes}), all of one id in one entry, until the prediction comes or predictions have
 * passed them by the early wait; they expire as early labels do, counted in their own {@link ExpiryBuckets}, one per
 * outcome (as every other outcome result counts), at the time of the entry's first.
 */
final class BusinessOutcomeJoin {
  /** How the join counts a result: exactly once with its state. */
  interface Counter {
    void count(Result r, long n);
  }

  private final SegmentedStore early;
  private final ExpiryBuckets buckets;
  private final CompactEntries entries;
  private final LongFunction<SegmentedStore.Found> lookup;
  private final Counter counter;

  /**
   * @param lookup the live entry of a key in {@code early}, as the join finds its early labels
   */
  BusinessOutcomeJoin(SegmentedStore early, ExpiryBuckets buckets, CompactEntries entries,
      LongFunction<SegmentedStore.Found> lookup, Counter counter) {
    this.early = early;
    this.buckets = buckets;
    this.entries = entries;
    this.lookup = lookup;
    this.counter = counter;
  }

  private void count(Result r) {
    counter.count(r, 1);
  }

  /**
   * The outcomes of {@code key} that came before prediction {@code p}, if any wait: counted for its window
   * {@code c} and deleted; their bits, for the prediction's entry.
   */
  long joinedBefore(long key, Pending p, Counted c) {
    if (buckets.unresolved() == 0) {
      return 0L;
    }
    long outcomesKey = PredictionKey.outcomes(key);
    SegmentedStore.Found found = lookup.apply(outcomesKey);
    if (found == null) {
      return 0L;
    }
    early.replace(outcomesKey, null, found.slot());
    List<CompactEntries.EarlyOutcome> waiting = CompactEntries.earlyOutcomes(found.entry(), found.slot());
    buckets.resolved(found.timeMs(), waiting.size());
    long bits = 0L;
    for (CompactEntries.EarlyOutcome o : waiting) {
      int bit = entries.outcomeBit(o.name());
      if (bit < 0) {
        count(Result.OUTCOME_DROPPED);
      } else {
        bits |= 1L << bit;
        c.addBusiness(o.name(), o.value(), o.timeMs() - p.timeMs());
        count(Result.OUTCOME_EARLY_MATCHED);
      }
    }
    return bits;
  }

  /**
   * The entry of prediction {@code pending} after the outcomes of {@code label}: each counted for the prediction's
   * window ({@code window}) once, at the first report of its name. A prediction joined before releases kept the
   * version of joined predictions ({@code pending} null) cannot say its window: its outcomes are orphans.
   */
  byte[] add(Label label, byte[] entry, Pending pending, Function<Pending, Counted> window) {
    if (pending == null) {
      counter.count(Result.OUTCOME_ORPHAN, label.outcomes().size());
      return entry;
    }
    long bits = CompactEntries.outcomes(entry);
    long before = bits;
    for (Map.Entry<String, Double> o : label.outcomes().entrySet()) {
      int bit = entries.outcomeBit(o.getKey());
      if (bit < 0) {
        count(Result.OUTCOME_DROPPED);
      } else if ((bits & (1L << bit)) != 0) {
        count(Result.OUTCOME_DUPLICATE);
      } else {
        bits |= 1L << bit;
        window.apply(pending).addBusiness(o.getKey(), o.getValue(), label.timeMs() - pending.timeMs());
        count(Result.OUTCOME_MATCHED);
      }
    }
    return bits == before ? entry : CompactEntries.withOutcomes(entry, bits);
  }

  /**
   * Outcomes without a waiting prediction: orphans, or they wait for it, in segment {@code slot}, added to the
   * outcomes of the id that wait already (a name that waits already is a duplicate).
   */
  void waitFor(long key, Label label, boolean orphan, long slot) {
    if (orphan) {
      counter.count(Result.OUTCOME_ORPHAN, label.outcomes().size());
      return;
    }
    long outcomesKey = PredictionKey.outcomes(key);
    SegmentedStore.Found waiting = buckets.unresolved() > 0 ? lookup.apply(outcomesKey) : null;
    if (waiting == null) {
      long l = Math.max(0L, label.timeMs());
      early.put(outcomesKey, entries.earlyOutcomes(label, l, slot), slot);
      buckets.stored(l, label.outcomes().size());
      return;
    }
    List<CompactEntries.EarlyOutcome> all = new ArrayList<>(CompactEntries.earlyOutcomes(waiting.entry(), waiting.slot()));
    Set<String> names = new HashSet<>();
    all.forEach(o -> names.add(o.name()));
    int before = all.size();
    label.outcomes().forEach((name, value) -> {
      if (names.add(name)) {
        all.add(new CompactEntries.EarlyOutcome(name, value, label.timeMs()));
      } else {
        count(Result.OUTCOME_DUPLICATE);
      }
    });
    if (all.size() > before) {
      early.replace(outcomesKey, entries.earlyOutcomes(all, CompactEntries.offset(waiting.entry()), waiting.slot()),
          waiting.slot());
      buckets.stored(waiting.timeMs(), all.size() - before);
    }
  }
}
