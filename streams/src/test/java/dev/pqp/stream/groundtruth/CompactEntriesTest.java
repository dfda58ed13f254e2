package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.stream.groundtruth.JoinRecords.Label;
import dev.pqp.stream.groundtruth.JoinRecords.Pending;
import dev.pqp.topology.store.MapTable;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The join's compact entries read back what was written, in the bytes the figures need and no more. */
class CompactEntriesTest {
  private static final long SLOT = 1_700_000_000_000L;
  private final MapTable<String, Long> table = new MapTable<>();
  private final CompactEntries entries = new CompactEntries(new Names(table));

  private static Pending scored(long t, boolean joined) {
    return new Pending("fraud", "v2", t, 0.8125, null, new TreeMap<>(), null, joined);
  }

  @Test
  void shouldKeepAScoredPredictionInFifteenBytesAtMost() {
    long t = SLOT + 3_600_000; // an hour into its segment
    byte[] b = entries.prediction(scored(t, false), t, SLOT);
    assertThat(b.length).isLessThanOrEqualTo(15);
    assertThat(entries.prediction(b, SLOT)).isEqualTo(scored(t, false));
    assertThat(CompactEntries.offset(b)).isEqualTo(3_600_000);
    assertThat(CompactEntries.joined(b)).isFalse();
    byte[] joined = CompactEntries.asJoined(b);
    assertThat(CompactEntries.joined(joined)).isTrue();
    assertThat(CompactEntries.offset(joined)).isEqualTo(3_600_000);
    assertThat(joined).as("a joined prediction keeps its flags, time (4 varint bytes for an hour), outcome bits and"
        + " version alone").hasSize(7).isEqualTo(entries.joined(scored(t, false), t, SLOT, 0L));
    assertThat(CompactEntries.joined(b)).as("the original is left as it was").isFalse();
    Pending read = entries.prediction(joined, SLOT);
    assertThat(read.version()).isEqualTo("v2");
    assertThat(read.model()).isEqualTo("fraud");
    assertThat(read.timeMs()).isEqualTo(t);
    assertThat(read.joined()).isTrue();
    assertThat(entries.joined(scored(SLOT, false), SLOT, SLOT, 0L)).hasSize(4);
    assertThat(CompactEntries.offset(entries.joined(scored(SLOT - 1_500, false), SLOT - 1_500, SLOT, 0L)))
        .isEqualTo(-1_500);
  }

  @Test
  void shouldKeepOutcomeBitsThroughTheJoinAndLeaveTheRestAsItWas() {
    long t = SLOT + 77;
    byte[] b = entries.prediction(scored(t, false), t, SLOT);
    assertThat(CompactEntries.outcomes(b)).isZero();
    byte[] marked = CompactEntries.withOutcomes(b, 0b101L);
    assertThat(CompactEntries.outcomes(marked)).isEqualTo(0b101L);
    assertThat(entries.prediction(marked, SLOT)).isEqualTo(scored(t, false));
    assertThat(CompactEntries.offset(marked)).isEqualTo(77);
    byte[] more = CompactEntries.withOutcomes(marked, 1L << 63 | 0b101L);
    assertThat(CompactEntries.outcomes(more)).isEqualTo(1L << 63 | 0b101L);
    byte[] joined = CompactEntries.asJoined(more);
    assertThat(CompactEntries.outcomes(joined)).isEqualTo(1L << 63 | 0b101L);
    assertThat(CompactEntries.joined(joined)).isTrue();
    assertThat(entries.prediction(joined, SLOT).version()).isEqualTo("v2");
    assertThat(CompactEntries.outcomes(CompactEntries.withOutcomes(joined, 0b111L))).isEqualTo(0b111L);
    assertThat(entries.prediction(entries.prediction(scored(t, false), t, SLOT, 0b10L), SLOT)).isEqualTo(scored(t, false));
  }

  /** A joined entry of an earlier release is its flag and time alone: it reads as no prediction and stays joined. */
  @Test
  void shouldReadAShortJoinedEntryOfAnEarlierReleaseAsNoPrediction() {
    byte[] old = {1, (byte) 0x80, (byte) 0xba, (byte) 0xb7, 0x03}; // joined, offset 3,600,000 zigzagged
    assertThat(CompactEntries.joined(old)).isTrue();
    assertThat(CompactEntries.offset(old)).isEqualTo(3_600_000);
    assertThat(entries.prediction(old, SLOT)).isNull();
    assertThat(CompactEntries.asJoined(old)).isSameAs(old);
  }

  @Test
  void shouldReadBackEarlyOutcomesWithTheirOwnTimes() {
    Label click = new Label(SLOT + 2_000, null, null, Map.of("click", 1.0, "dwell", 12.25));
    byte[] b = entries.earlyOutcomes(click, SLOT + 2_000, SLOT);
    assertThat(CompactEntries.offset(b)).isEqualTo(2_000);
    assertThat(CompactEntries.earlyOutcomes(b, SLOT)).containsExactly(
        new CompactEntries.EarlyOutcome("click", 1.0, SLOT + 2_000),
        new CompactEntries.EarlyOutcome("dwell", 12.25, SLOT + 2_000));
    var more = new java.util.ArrayList<>(CompactEntries.earlyOutcomes(b, SLOT));
    more.add(new CompactEntries.EarlyOutcome("conversion", -0.5, SLOT + 90_000));
    byte[] merged = entries.earlyOutcomes(more, 2_000, SLOT);
    assertThat(CompactEntries.earlyOutcomes(merged, SLOT)).isEqualTo(more);
    assertThat(CompactEntries.offset(merged)).isEqualTo(2_000);
  }

  /** Entries written before joined ones were cut short: a whole prediction with the joined flag reads the same. */
  @Test
  void shouldReadAWholeJoinedEntryOfAnEarlierVersion() {
    long t = SLOT + 42;
    byte[] whole = entries.prediction(scored(t, true), t, SLOT);
    assertThat(CompactEntries.joined(whole)).isTrue();
    assertThat(CompactEntries.offset(whole)).isEqualTo(42);
    assertThat(entries.prediction(whole, SLOT)).isEqualTo(scored(t, true));
  }

  @Test
  void shouldReadBackEveryKindOfOutputAndLabel() {
    Map<String, Double> probabilities = new TreeMap<>(Map.of("cat", 0.7, "dög", 0.3));
    Pending all = new Pending("m/with/slashes", "v\u00e9", SLOT + 5, 0.5, "cat", probabilities, -3.25, false);
    assertThat(entries.prediction(entries.prediction(all, SLOT + 5, SLOT), SLOT)).isEqualTo(all);
    Pending none = new Pending("m", "v", SLOT, null, null, new TreeMap<>(), 7.0, true);
    assertThat(entries.prediction(entries.prediction(none, SLOT, SLOT), SLOT)).isEqualTo(none);
    Label label = new Label(SLOT + 99, "1", null);
    assertThat(entries.label(entries.label(label, SLOT + 99, SLOT), SLOT)).isEqualTo(label);
    Label value = new Label(SLOT, null, 12.5);
    assertThat(entries.label(entries.label(value, SLOT, SLOT), SLOT)).isEqualTo(value);
  }

  @Test
  void shouldReadEntriesBackAfterARestartFromTheNamesTable() {
    byte[] b = entries.prediction(new Pending("m", "v7", SLOT, null, "yes", new TreeMap<>(), null, false), SLOT, SLOT);
    CompactEntries restarted = new CompactEntries(new Names(table));
    assertThat(restarted.prediction(b, SLOT).version()).isEqualTo("v7");
    assertThat(restarted.prediction(b, SLOT).label()).isEqualTo("yes");
  }

  @Test
  void shouldWriteNamesOutInFullOnceTheTableIsFull() {
    Names names = new Names(table);
    for (int i = 0; names.label("filler-" + i) >= 0; i++) {
      // fill the table
    }
    CompactEntries full = new CompactEntries(names);
    Pending p = new Pending("new-model", "new-version", SLOT, null, "new-class", new TreeMap<>(), null, false);
    byte[] b = full.prediction(p, SLOT, SLOT);
    assertThat(full.prediction(b, SLOT)).isEqualTo(p);
    assertThat(table.map).hasSize(Names.CAPACITY);
    assertThat(new CompactEntries(new Names(table)).prediction(b, SLOT)).as("after a restart").isEqualTo(p);
    byte[] joined = CompactEntries.asJoined(CompactEntries.withOutcomes(b, 0b11L));
    Pending read = full.prediction(joined, SLOT);
    assertThat(new String[] {read.model(), read.version()}).as("a joined entry keeps its version written out")
        .containsExactly("new-model", "new-version");
    assertThat(CompactEntries.outcomes(joined)).isEqualTo(0b11L);
    assertThat(CompactEntries.joined(joined)).isTrue();
  }

  @Test
  void shouldGrowItsBufferForAHugeEntry() {
    Map<String, Double> probabilities = new TreeMap<>();
    for (int i = 0; i < 5_000; i++) {
      probabilities.put("class-" + i, 1.0 / 5_000);
    }
    Pending p = new Pending("m", "v", SLOT, null, null, probabilities, null, false);
    assertThat(entries.prediction(entries.prediction(p, SLOT, SLOT), SLOT)).isEqualTo(p);
  }
}
