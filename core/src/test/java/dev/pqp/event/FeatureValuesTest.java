package dev.pqp.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureValuesTest {

  /** What a visitor saw, one line per call. */
  private static final class Recorder implements FeatureVisitor {
    final List<String> calls = new ArrayList<>();

    @Override
    public void numeric(String name, double value) {
      calls.add("numeric " + name + "=" + value + " 0x" + Long.toHexString(Double.doubleToRawLongBits(value)));
    }

    @Override
    public void integer(String name, long value) {
      calls.add("integer " + name + "=" + value);
    }

    @Override
    public void category(String name, String value) {
      calls.add("category " + name + "=" + value);
    }

    @Override
    public void bool(String name, boolean value) {
      calls.add("bool " + name + "=" + value);
    }

    @Override
    public void missing(String name) {
      calls.add("missing " + name);
    }
  }

  private static FeatureValues sample() {
    return new FeatureValues.Builder().real("x", 1.5).integer("n", 7).text("c", "red").bool("t", true)
        .bool("f", false).missing("m").build();
  }

  private static Map<String, Object> sampleMap() {
    Map<String, Object> m = new HashMap<>();
    m.put("x", 1.5);
    m.put("n", 7L);
    m.put("c", "red");
    m.put("t", true);
    m.put("f", false);
    m.put("m", null);
    return m;
  }

  @Test
  void shouldEqualAHashMapOfTheSameEntriesBothWaysWithItsHashCode() {
    FeatureValues f = sample();

    assertThat(f).isEqualTo(sampleMap());
    assertThat(sampleMap()).isEqualTo(f);
    assertThat(f.hashCode()).isEqualTo(sampleMap().hashCode());
    assertThat(new HashMap<>(f)).isEqualTo(sampleMap());
    assertThat(f.size()).isEqualTo(6);
  }

  @Test
  void shouldBoxIntegersAsLongsAndOtherNumbersAsDoubles() {
    FeatureValues f = new FeatureValues.Builder().integer("big", Long.MAX_VALUE).integer("zero", 0)
        .real("negZero", -0.0).real("nan", Double.NaN).real("whole", 3.0).build();

    assertThat(f.get("big")).isEqualTo(Long.MAX_VALUE);
    assertThat(f.get("zero")).isInstanceOf(Long.class).isEqualTo(0L);
    assertThat(Double.doubleToRawLongBits((Double) f.get("negZero"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat((Double) f.get("nan")).isNaN();
    assertThat(f.get("whole")).isInstanceOf(Double.class).isEqualTo(3.0);
    assertThat(f).isNotEqualTo(Map.of("big", Long.MAX_VALUE, "zero", 0.0, "negZero", -0.0, "nan", Double.NaN,
        "whole", 3.0)); // 0L is not 0.0, as in a HashMap
  }

  @Test
  void shouldKeepANullValueAsPresentAndMissing() {
    FeatureValues f = sample();

    assertThat(f.containsKey("m")).isTrue();
    assertThat(f.get("m")).isNull();
    assertThat(f.containsKey("absent")).isFalse();
    assertThat(f.get("absent")).isNull();
    assertThat(f).isNotEqualTo(Map.of("x", 1.5, "n", 7L, "c", "red", "t", true, "f", false)); // without "m"
  }

  @Test
  void shouldVisitUnboxedInTheOrderNamesFirstAppeared() {
    Recorder r = new Recorder();

    sample().forEach(r);

    assertThat(r.calls).containsExactly("numeric x=1.5 0x3ff8000000000000", "integer n=7", "category c=red",
        "bool t=true", "bool f=false", "missing m");
  }

  @Test
  void shouldPassAnIntegerAsItsDoubleToAVisitorThatTakesOnlyNumbers() {
    List<Double> seen = new ArrayList<>();
    FeatureVisitor numbersOnly = new FeatureVisitor() {
      @Override
      public void numeric(String name, double value) {
        seen.add(value);
      }

      @Override
      public void category(String name, String value) {}

      @Override
      public void bool(String name, boolean value) {}

      @Override
      public void missing(String name) {}
    };

    new FeatureValues.Builder().integer("a", 9_007_199_254_740_993L).build().forEach(numbersOnly);

    assertThat(seen).containsExactly((double) 9_007_199_254_740_993L);
  }

  @Test
  void shouldKeepTheFirstPlaceAndTheLastValueOfANameGivenTwice() {
    FeatureValues f = new FeatureValues.Builder().real("a", 1.0).text("b", "x").integer("a", 2).missing("b")
        .text("c", "y").real("a", 3.0).build();
    Recorder r = new Recorder();
    f.forEach(r);

    Map<String, Object> expected = new HashMap<>(Map.of("a", 3.0, "c", "y"));
    expected.put("b", null);
    assertThat(f).isEqualTo(expected);
    assertThat(f.size()).isEqualTo(3);
    assertThat(r.calls).containsExactly("numeric a=3.0 0x4008000000000000", "missing b", "category c=y");
  }

  @Test
  void shouldBuildTheSameAsALinkedHashMapOverManyReusesOfOneBuilder() {
    SplittableRandom random = new SplittableRandom(7);
    FeatureValues.Builder b = new FeatureValues.Builder();
    for (int event = 0; event < 2_000; event++) {
      Map<String, Object> expected = new LinkedHashMap<>();
      int n = random.nextInt(event % 50 == 0 ? 300 : 30);
      for (int i = 0; i < n; i++) {
        String name = "f" + random.nextInt(Math.max(1, n)); // names repeat
        Object v = switch (random.nextInt(6)) {
          case 0 -> random.nextDouble();
          case 1 -> random.nextLong();
          case 2 -> random.nextBoolean();
          case 3 -> "v" + random.nextInt(10);
          case 4 -> null;
          default -> (double) random.nextInt(3);
        };
        expected.put(name, v);
        assertThat(b.add(name, v)).isTrue();
      }
      FeatureValues f = b.build();

      assertThat(f).isEqualTo(expected);
      assertThat(f.hashCode()).isEqualTo(expected.hashCode());
      assertThat(new ArrayList<>(f.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
      assertThat(b.size()).isZero();
    }
  }

  @Test
  void shouldBeReadOnly() {
    FeatureValues f = sample();

    assertThatThrownBy(() -> f.put("x", 2.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.remove("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(f::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThat(f.get("x")).isEqualTo(1.5);
  }

  @Test
  void shouldCopyAMapOfTheProfiledTypesAndRefuseAnyOther() {
    assertThat(FeatureValues.copyOf(sampleMap())).isEqualTo(sampleMap());
    assertThat(FeatureValues.copyOf(Map.of())).isSameAs(FeatureValues.EMPTY);
    assertThatThrownBy(() -> FeatureValues.copyOf(Map.of("i", 1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Integer");
  }

  @Test
  void shouldNotChangeABuiltContainerWhenTheBuilderIsReused() {
    FeatureValues.Builder b = new FeatureValues.Builder();
    FeatureValues first = b.real("a", 1.0).text("b", "x").build();
    b.real("a", 2.0).text("b", "y").build();

    assertThat(first).isEqualTo(Map.of("a", 1.0, "b", "x"));
  }
}
