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
    assertThat(joined).as("a joined prediction keeps its flag and time alone (4 varint bytes for an hour)").hasSize(5)
        .isEqualTo(CompactEntries.joinedAt(3_600_000));
    assertThat(CompactEntries.joined(b)).as("the original is left as it was").isFalse();
    assertThat(CompactEntries.joinedAt(0)).hasSize(2);
    assertThat(CompactEntries.offset(CompactEntries.joinedAt(-1_500))).isEqualTo(-1_500);
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
