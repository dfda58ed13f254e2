package dev.pqp.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The HTTP endpoint: where it binds, how long an idle connection is kept, optional TLS and optional
 * authentication. Secrets (passwords, tokens) come from the settings, the environment or a file; they are
 * never part of {@link #toString()} nor of any {@link ConfigException} message.
 *
 * @param host the address bound; 0.0.0.0 (every interface) by default, 127.0.0.1 for {@code pqp demo}
 * @param port the port; 0 for any free one
 * @param idleTimeout a connection that sends or reads nothing for this long is closed (slow or stalled clients)
 * @param tls {@code null} for plain HTTP
 * @param auth {@code null} when {@code /api/} and the status page are open
 * @param authMetrics whether {@code /metrics} asks for the same credentials ({@code /health} and {@code /ready}
 *     never do: probes)
 */
public record HttpSettings(String host, int port, Duration idleTimeout, Tls tls, Auth auth, boolean authMetrics) {

  /**
   * TLS from a PKCS12 keystore ({@code keystore} + {@code password}) or PEM files ({@code cert} chain and an
   * unencrypted PKCS#8 {@code key}); exactly one of the two is set.
   */
  public record Tls(Path keystore, String password, Path cert, Path key) {
    @Override
    public String toString() {
      return keystore != null ? "Tls[keystore=" + keystore + ", password=<hidden>]" : "Tls[cert=" + cert + ", key=" + key + "]";
    }
  }

  /**
   * Credentials asked of {@code /api/} and the status page: a bearer token, a basic {@code user:password}, or both
   * (either is accepted).
   */
  public record Auth(String token, String basic) {
    @Override
    public String toString() {
      return "Auth[token=" + (token == null ? "unset" : "<hidden>") + ", basic="
          + (basic == null ? "unset" : basic.substring(0, basic.indexOf(':')) + ":<hidden>") + "]";
    }
  }

  /** Plain HTTP without authentication, the default. */
  public static HttpSettings open(String host, int port) {
    return new HttpSettings(host, port, Duration.ofSeconds(30), null, null, false);
  }

  static HttpSettings from(Settings s) {
    return new HttpSettings(
        s.string(ConfigKey.HTTP_HOST.key(), "0.0.0.0"),
        s.intIn(ConfigKey.HTTP_PORT.key(), 9464, 0, 65_535),
        s.duration(ConfigKey.HTTP_IDLE_TIMEOUT.key(), Duration.ofSeconds(30), Duration.ofMillis(100)),
        tls(s), auth(s), s.bool(ConfigKey.HTTP_AUTH_METRICS.key(), false));
  }

  private static Tls tls(Settings s) {
    String keystore = s.string(ConfigKey.HTTP_TLS_KEYSTORE.key(), null);
    String cert = s.string(ConfigKey.HTTP_TLS_CERT.key(), null);
    String key = s.string(ConfigKey.HTTP_TLS_KEY.key(), null);
    if (keystore != null && (cert != null || key != null)) {
      throw new ConfigException("set either " + ConfigKey.HTTP_TLS_KEYSTORE.key() + " (PKCS12) or "
          + ConfigKey.HTTP_TLS_CERT.key() + " and " + ConfigKey.HTTP_TLS_KEY.key() + " (PEM), not both");
    }
    if ((cert == null) != (key == null)) {
      throw new ConfigException("PEM TLS needs both " + ConfigKey.HTTP_TLS_CERT.key() + " and " + ConfigKey.HTTP_TLS_KEY.key());
    }
    String password = secret(s, ConfigKey.HTTP_TLS_KEYSTORE_PASSWORD, ConfigKey.HTTP_TLS_KEYSTORE_PASSWORD_FILE);
    if (keystore != null) {
      return new Tls(readable(ConfigKey.HTTP_TLS_KEYSTORE, keystore), password == null ? "" : password, null, null);
    }
    return cert == null ? null
        : new Tls(null, null, readable(ConfigKey.HTTP_TLS_CERT, cert), readable(ConfigKey.HTTP_TLS_KEY, key));
  }

  private static Auth auth(Settings s) {
    String token = secret(s, ConfigKey.HTTP_AUTH_TOKEN, ConfigKey.HTTP_AUTH_TOKEN_FILE);
    String basic = secret(s, ConfigKey.HTTP_AUTH_BASIC, ConfigKey.HTTP_AUTH_BASIC_FILE);
    if (basic != null && basic.indexOf(':') <= 0) {
      // the value is a secret: name the setting, never what was given
      throw ConfigException.invalid(ConfigKey.HTTP_AUTH_BASIC.key(), "<hidden>", "expected user:password");
    }
    return token == null && basic == null ? null : new Auth(token, basic);
  }

  /** The value of {@code inline}, else the first line of the file {@code file} names; never both. */
  private static String secret(Settings s, ConfigKey inline, ConfigKey file) {
    String value = s.string(inline.key(), null);
    String path = s.string(file.key(), null);
    if (value != null && path != null) {
      throw new ConfigException("set either " + inline.key() + " or " + file.key() + ", not both");
    }
    if (path == null) {
      return value;
    }
    try {
      String text = Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new ConfigException("setting '" + file.key() + "': " + path + " is empty");
      }
      return text.lines().findFirst().orElseThrow().strip();
    } catch (IOException e) {
      throw new ConfigException("setting '" + file.key() + "': cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Path readable(ConfigKey key, String path) {
    Path p = Path.of(path);
    if (!Files.isReadable(p)) {
      throw new ConfigException("setting '" + key.key() + "': cannot read " + path);
    }
    return p;
  }
}
