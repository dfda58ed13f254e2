package dev.pqp.ingest;

/** One input of the decoder fuzz test: the record value, the topic type it is decoded for, and how it was made. */
record FuzzSample(EventType type, byte[] bytes, String how) {
  private static final int HEAD = 96;
  private static final int TAIL = 32;

  @Override
  public String toString() {
    return type + " " + how + ", " + bytes.length + " bytes: " + hex(bytes);
  }

  /** The bytes in hex, the middle of a long array left out so that a failure report stays readable. */
  static String hex(byte[] b) {
    if (b.length <= HEAD + TAIL) {
      return hex(b, 0, b.length);
    }
    return hex(b, 0, HEAD) + " ... (" + (b.length - HEAD - TAIL) + " bytes) ... " + hex(b, b.length - TAIL, b.length);
  }

  private static String hex(byte[] b, int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < to; i++) {
      s.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
    }
    return s.toString();
  }
}
