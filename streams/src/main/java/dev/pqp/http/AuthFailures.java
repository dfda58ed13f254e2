package dev.pqp.http;

import java.util.concurrent.TimeUnit;

/**
 * Logs requests refused for missing or wrong credentials: the first at once, then at most one line a minute (each kind
 * apart, so that a scraper without credentials does not hide wrong ones) with how many were refused since, so that a brute force or a misconfigured scraper is seen without flooding the log. A line
 * names the remote address, the path and whether credentials were sent (WARN for wrong ones, INFO for none, as a
 * browser first asks); never what they were.
 */
final class AuthFailures {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuthFailures.class);
  static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** Per kind, wrong credentials [0] and none [1]: when each was last logged, and how many were refused since. */
  private final long[] lastLogged = {System.nanoTime() - EVERY_NANOS, System.nanoTime() - EVERY_NANOS};
  private final long[] since = new long[2];

  /** One refused request from {@code remote} on {@code path}. */
  void refused(String remote, String path, boolean credentialsSent) {
    int kind = credentialsSent ? 0 : 1;
    long count;
    synchronized (this) {
      since[kind]++;
      long now = System.nanoTime();
      if (now - lastLogged[kind] < EVERY_NANOS) {
        return;
      }
      lastLogged[kind] = now;
      count = since[kind];
      since[kind] = 0;
    }
    String more = count > 1 ? " (" + count + " refused since the last such line; logged at most once a minute)" : "";
    if (credentialsSent) {
      LOG.warn("HTTP request refused: wrong credentials for {} from {}{}", path, remote, more);
    } else { // a browser asks without credentials first, then answers the challenge: not a warning
      LOG.info("HTTP request refused: no credentials for {} from {}{}", path, remote, more);
    }
  }
}
