package dev.pqp.http;

import dev.pqp.config.HttpSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks an {@code Authorization} header against a bearer token and/or a basic {@code user:password}. Both sides
 * are hashed before a constant-time comparison, so that neither the content nor the length of a secret shows in
 * the time an answer takes.
 */
final class Credentials {
  private final byte[] token;
  private final byte[] basic;

  private Credentials(byte[] token, byte[] basic) {
    this.token = token;
    this.basic = basic;
  }

  /** {@code null} when nothing is protected. */
  static Credentials of(HttpSettings.Auth auth) {
    if (auth == null) {
      return null;
    }
    return new Credentials(auth.token() == null ? null : sha256(auth.token()), auth.basic() == null ? null
        : sha256(Base64.getEncoder().encodeToString(auth.basic().getBytes(StandardCharsets.UTF_8))));
  }

  boolean accepts(String authorization) {
    if (authorization == null) {
      return false;
    }
    int space = authorization.indexOf(' ');
    if (space <= 0) {
      return false;
    }
    String scheme = authorization.substring(0, space);
    byte[] given = sha256(authorization.substring(space + 1).strip());
    if (token != null && scheme.equalsIgnoreCase("Bearer")) {
      return MessageDigest.isEqual(token, given);
    }
    return basic != null && scheme.equalsIgnoreCase("Basic") && MessageDigest.isEqual(basic, given);
  }

  /** The {@code WWW-Authenticate} value: basic when configured (a browser then asks), else bearer. */
  String challenge() {
    return basic != null ? "Basic realm=\"pqp\", charset=\"UTF-8\"" : "Bearer realm=\"pqp\"";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
