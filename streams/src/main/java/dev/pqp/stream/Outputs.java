package dev.pqp.stream;

import java.util.List;

/** For a processor with records of several types out, each bound for its own topic. */
public final class Outputs {
  private Outputs() {}

  /** The record as a list of one if it is a {@code type}, else none: a branch of the processor's output. */
  public static <T> List<T> only(Object record, Class<T> type) {
    return type.isInstance(record) ? List.of(type.cast(record)) : List.of();
  }
}
