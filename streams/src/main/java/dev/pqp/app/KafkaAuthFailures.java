package dev.pqp.app;

import dev.pqp.config.ConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * A Kafka client's authentication failure (wrong SCRAM password, a client certificate the broker does not
 * trust, a broker certificate the client does not trust) as one line that names the address, the settings to
 * check and the broker's or TLS's reason, for a {@link ConfigException} printed without a stack trace. The
 * values of secret settings never appear in it, even if a reason were to quote one.
 */
public final class KafkaAuthFailures {
  private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|token|jaas|credential).*");
  private static final Pattern JAAS_VALUE = Pattern.compile("password\\s*=\\s*\"([^\"]*)\"");
  private static final String HIDDEN = "<hidden>";

  private KafkaAuthFailures() {}

  /**
   * The authentication failure in {@code e}'s causes as a {@link ConfigException}, or empty when there is none.
   *
   * @param kafka the {@code kafka.*} settings the client was given (without the prefix), to hide their secrets
   */
  public static Optional<ConfigException> explain(Throwable e, String bootstrapServers, Map<String, String> kafka) {
    AuthenticationException auth = find(e);
    if (auth == null) {
      return Optional.empty();
    }
    String settings;
    if (auth instanceof SaslAuthenticationException) {
      settings = "settings kafka.sasl.jaas.config, kafka.sasl.mechanism";
    } else if (auth instanceof SslAuthenticationException) {
      settings = "settings kafka.ssl.keystore.location, kafka.ssl.truststore.location";
    } else {
      settings = "setting kafka.security.protocol";
    }
    return Optional.of(new ConfigException("cannot authenticate to Kafka at " + bootstrapServers + " (" + settings + "): "
        + hideSecrets(reason(auth), kafka)));
  }

  private static AuthenticationException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException a) {
        return a;
      }
    }
    return null;
  }

  /** The exception's message, with the TLS reason under it when it only says that the handshake failed. */
  private static String reason(AuthenticationException auth) {
    String message = String.valueOf(auth.getMessage());
    Throwable root = auth;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != auth && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + root.getMessage();
    }
    return message.replaceAll("\\s+", " ");
  }

  /** {@code text} with the value of every secret setting (and the password in a JAAS line) hidden. */
  static String hideSecrets(String text, Map<String, String> kafka) {
    String out = text;
    for (var e : kafka.entrySet()) {
      if (!SECRET_KEY.matcher(e.getKey().toLowerCase(Locale.ROOT)).matches() || e.getValue() == null) {
        continue;
      }
      Matcher m = JAAS_VALUE.matcher(e.getValue());
      while (m.find()) {
        out = hide(out, m.group(1));
      }
      out = hide(out, e.getValue());
    }
    return out;
  }

  private static String hide(String text, String secret) {
    return secret.isEmpty() ? text : text.replace(secret, HIDDEN);
  }
}
