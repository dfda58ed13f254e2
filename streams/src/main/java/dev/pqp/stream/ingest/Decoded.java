package dev.pqp.stream.ingest;

import dev.pqp.event.Event;
import java.util.Collections;
import java.util.List;

/**
 * What decoding an input record gives: the validated event, or the rejected record's original bytes
 * (bound for the dead-letter topic, with the reason in its headers). The topology splits the one stream of
 * these into a typed stream of events and a typed stream of dead letters, as bakdata's {@code KErrorStream}
 * does: {@link #events()} and {@link #deadLetters()} hold the record in exactly one of the two.
 */
public sealed interface Decoded<E extends Event> {
  /** The event, when the record was accepted; empty otherwise. */
  List<E> events();

  /** The original value, when the record was rejected; empty otherwise. */
  List<byte[]> deadLetters();

  /** A record decoded and validated into {@code event}. */
  record Accepted<E extends Event>(E event) implements Decoded<E> {
    @Override
    public List<E> events() {
      return List.of(event);
    }

    @Override
    public List<byte[]> deadLetters() {
      return List.of();
    }
  }

  /** A rejected record: its original value, unchanged (null for a tombstone). */
  record Rejected<E extends Event>(byte[] original) implements Decoded<E> {
    @Override
    public List<E> events() {
      return List.of();
    }

    @Override
    public List<byte[]> deadLetters() {
      return Collections.singletonList(original);
    }
  }
}
