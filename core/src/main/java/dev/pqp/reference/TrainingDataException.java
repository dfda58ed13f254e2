package dev.pqp.reference;

/**
 * Training input that cannot be read: a malformed CSV record, a JSON line that is not an object, a nested
 * value where a scalar is needed. The message names the file and the line (or Avro record number) so the
 * row can be found; it carries no stack trace because bad data is not a bug.
 */
public final class TrainingDataException extends RuntimeException {
  public TrainingDataException(String source, long line, String message) {
    super(source + (line > 0 ? ":" + line : "") + ": " + message, null, false, false);
  }
}
