package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.NOW;
import static dev.pqp.ingest.IngestFixtures.RECORD_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.Limits;
import dev.pqp.event.Event;
import dev.pqp.event.FeatureValues;
import dev.pqp.event.ModelEvent;
import dev.pqp.ingest.EventDecoder.JsonReading;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * The byte-level JSON reader reads as Jackson does: on generated events (Python's json.dumps and odder texts, see
 * {@link JsonEventTexts}), on every truncation of them, on their mutations and on hostile JSON, the decoder that
 * uses it gives the same event as the decoder with Jackson alone, to the bit of every double and the class of
 * every feature value, or the same rejection (reason and message). Wherever the fast reader gives an event, Jackson
 * reads the same one; and it does give one for every generated text within its subset that Jackson reads, so the
 * comparison is not won by leaving everything to Jackson. Where the fast reader gives an event, its profile (and
 * that of the run of events so far) is Jackson's event's profile to the byte, see {@link SameProfiles}. Fixed seed
 * and tries, so a CI run is repeatable.
 */
class FastJsonEquivalenceTest {
  private static final String SEED = "20260207";

  /** One of each per topic type, reused across records as a stream task reuses its decoder (and its name cache). */
  private final Map<EventType, FastJsonEventReader> fast = new EnumMap<>(EventType.class);
  private final Map<EventType, JsonEventReader> jackson = new EnumMap<>(EventType.class);
  private final Map<EventType, EventDecoder> fastDecoders = new EnumMap<>(EventType.class);
  private final Map<EventType, EventDecoder> jacksonDecoders = new EnumMap<>(EventType.class);
  /** The profiles of the events the fast reader read and of Jackson's: the same bytes. */
  private final SameProfiles profiles = new SameProfiles();

  FastJsonEquivalenceTest() {
    for (EventType t : EventType.values()) {
      fast.put(t, new FastJsonEventReader());
      jackson.put(t, new JsonEventReader());
      fastDecoders.put(t, new EventDecoder(t, Limits.defaults(), ValidRecords.registry(), JsonReading.FAST));
      jacksonDecoders.put(t, new EventDecoder(t, Limits.defaults(), ValidRecords.registry(), JsonReading.JACKSON));
    }
  }

  @Property(tries = 4000, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void shouldReadGeneratedEventsAsJacksonDoes(@ForAll("texts") JsonEventTexts.Text text) {
    Compared c = compare(text.type(), text.bytes(), text.toString());
    if (text.fastSubset() && c.jackson() != null) {
      assertThat(c.fast()).as("the fast reader's event for %s, which Jackson reads", text).isNotNull();
    }
  }

  @Property(tries = 400, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void shouldReadEventsOfTheFuzzSeedsAsJacksonDoes(@ForAll("fuzzSeeds") ValidRecords.Encoded seed) {
    Compared c = compare(seed.type(), seed.bytes(), seed.type() + " " + new String(seed.bytes(), StandardCharsets.UTF_8));
    if (c.jackson() != null) {
      assertThat(c.fast()).as("the fast reader's event of %s, written by Jackson", new String(seed.bytes(),
          StandardCharsets.UTF_8)).isNotNull();
    }
  }

  @Property(tries = 100, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void shouldRejectEveryTruncationAsJacksonDoes(@ForAll("texts") JsonEventTexts.Text text) {
    for (int n = 0; n < text.bytes().length; n++) {
      compare(text.type(), Arrays.copyOf(text.bytes(), n), "the first " + n + " bytes of " + text);
    }
  }

  /** Without jqwik's edge cases: they would flip the first byte of a fifth of the records. */
  @Property(tries = 5000, seed = SEED, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
  void shouldReadEveryMutationAsJacksonDoes(@ForAll("mutated") FuzzSample sample) {
    compare(sample.type(), sample.bytes(), sample.toString());
  }

  @Property(tries = 2500, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void shouldReadHostileJsonAsJacksonDoes(@ForAll("hostile") FuzzSample sample) {
    compare(sample.type(), sample.bytes(), sample.toString());
  }

  @Property(tries = 2000, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
  void shouldReadGarbageAsJacksonDoes(@ForAll("garbage") FuzzSample sample) {
    compare(sample.type(), sample.bytes(), sample.toString());
  }

  @Provide
  Arbitrary<JsonEventTexts.Text> texts() {
    return JsonEventTexts.texts();
  }

  @Provide
  Arbitrary<ValidRecords.Encoded> fuzzSeeds() {
    return ValidRecords.events().map(e -> new ValidRecords.Encoded(ValidRecords.typeOf(e), WireFormat.JSON,
        ValidRecords.json(e)));
  }

  @Provide
  Arbitrary<FuzzSample> mutated() {
    return Combinators.combine(JsonEventTexts.texts(), JsonEventTexts.texts(),
        Mutations.mutations().list().ofMinSize(1).ofMaxSize(4), DecoderFuzzTest.topics()).as(
            (base, other, ms, topic) -> mutate(base, other, ms, topic));
  }

  @Provide
  Arbitrary<FuzzSample> hostile() {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, HostileJson.spoiledEvents()),
        net.jqwik.api.Tuple.of(1, HostileJson.giants()));
  }

  /** Bytes after a '{', or after white space, or any: JSON's structure characters and others. */
  @Provide
  Arbitrary<FuzzSample> garbage() {
    Arbitrary<byte[]> json = Arbitraries.strings().withChars("{}[]\":,-+.0123456789eEtrufalsnNIy\\u \n\t")
        .ofMaxLength(48).map(s -> IngestFixtures.utf8("{" + s));
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(48)
        .map(b -> Mutations.concat(IngestFixtures.utf8("{\""), b));
    return Combinators.combine(Arbitraries.of(EventType.class), Arbitraries.oneOf(json, any))
        .as((t, b) -> new FuzzSample(t, b, "garbage"));
  }

  private static FuzzSample mutate(JsonEventTexts.Text base, JsonEventTexts.Text other, List<Mutations.Mutation> ms,
      Optional<EventType> topic) {
    byte[] bytes = base.bytes();
    for (Mutations.Mutation m : ms) {
      bytes = Mutations.apply(bytes, m, other.bytes());
    }
    return new FuzzSample(topic.orElse(base.type()), bytes, "seed " + base.seed() + " " + ms);
  }

  /** What the fast reader and Jackson's read, and the decoders' outcomes, which must be the same. */
  private record Compared(Event fast, Event jackson) {}

  private Compared compare(EventType type, byte[] bytes, String what) {
    Event fastEvent = fast.get(type).read(bytes, type, RECORD_TIME);
    Outcome jacksonRead = outcome(() -> jackson.get(type).read(bytes, type, RECORD_TIME));
    if (fastEvent != null) {
      assertThat(EventBits.of(fastEvent)).as("the fast reader's event of %s", what)
          .isEqualTo(EventBits.of(jacksonRead.event()));
      assertThat(fastEvent).isEqualTo(jacksonRead.event());
      if (fastEvent instanceof ModelEvent m && !m.features().isEmpty()) {
        assertThat(m.features()).as("the features of %s", what).isInstanceOf(FeatureValues.class);
      }
      profiles.check(fastEvent, jacksonRead.event(), what);
    }
    Outcome viaFast = outcome(() -> fastDecoders.get(type).decode(bytes, RECORD_TIME, NOW));
    Outcome viaJackson = outcome(() -> jacksonDecoders.get(type).decode(bytes, RECORD_TIME, NOW));
    assertThat(viaFast.text()).as("the decoded outcome of %s", what).isEqualTo(viaJackson.text());
    Statistics.collect(fastEvent != null ? "fast" : jacksonRead.event() != null ? "left to Jackson, read" : "rejected");
    return new Compared(fastEvent, jacksonRead.event());
  }

  /** An event, or what was thrown: a rejection's reason and message, or another exception's class. */
  private record Outcome(Event event, String text) {}

  private static Outcome outcome(java.util.function.Supplier<Event> decode) {
    try {
      Event e = decode.get();
      return new Outcome(e, EventBits.of(e));
    } catch (Rejection r) {
      return new Outcome(null, "rejected " + r.reason() + ": " + r.getMessage());
    } catch (RuntimeException e) {
      return new Outcome(null, "threw " + e.getClass().getName());
    }
  }
}
