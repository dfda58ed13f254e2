package dev.pqp.ingest.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach a schema registry, built from a Confluent-style config map. Consumed by
 * {@link SchemaRegistryClient}.
 *
 * @param urls base URLs (without user info) tried in order until one answers
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or {@code null} for none
 * @param truststoreLocation a JKS or PKCS12 truststore for HTTPS, or {@code null} for the JDK's defaults
 * @param truststorePassword the truststore password, or {@code null}
 * @param truststoreType {@code JKS} or {@code PKCS12}
 * @param requestTimeout limit for one call to the registry, connecting, every URL and every retry included
 *     (default {@value #DEFAULT_TIMEOUT_MS} ms, see there)
 */
public record RegistryConfig(
    List<URI> urls,
    String basicAuthUserInfo,
    Path truststoreLocation,
    String truststorePassword,
    String truststoreType,
    Duration requestTimeout) {

  public static final String URL = "schema.registry.url";
  public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String USER_INFO = "basic.auth.user.info";
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  /**
   * 2 s. Lookups run on a stream thread inside an exactly-once transaction, which Kafka aborts (fencing the
   * producer and restarting the task) after {@code transaction.timeout.ms}: pqp sets 5 s with a registry (3 s
   * without, for fail-over). One registry that accepts connections and never answers blocks the thread for this
   * long, plus at most one commit interval (1 s in pqp) of other work in the same transaction: 3 s, inside 5 s. A
   * registry answers a schema id in milliseconds; 2 s leaves it room for a slow TLS handshake.
   */
  public static final long DEFAULT_TIMEOUT_MS = 2_000;

  public RegistryConfig {
    if (urls == null || urls.isEmpty()) {
      throw new IllegalArgumentException("Setting " + URL + " is required: one or more http(s) URLs");
    }
    urls = List.copyOf(urls);
    if (!List.of("JKS", "PKCS12").contains(truststoreType)) {
      throw ConfigValues.invalid(TRUSTSTORE_TYPE, truststoreType, "JKS or PKCS12");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw ConfigValues.invalid(REQUEST_TIMEOUT_MS, String.valueOf(requestTimeout), "a positive duration");
    }
  }

  /** A registry at one URL, without auth or custom TLS. */
  public static RegistryConfig of(String url) {
    return from(Map.of(URL, url));
  }

  /** Reads the settings above from a serde or application config map; unknown keys are ignored. */
  public static RegistryConfig from(Map<String, ?> configs) {
    String urlList = ConfigValues.string(configs, URL);
    if (urlList == null) {
      throw new IllegalArgumentException("Setting " + URL + " is required: one or more http(s) URLs");
    }
    String userInfo = ConfigValues.string(configs, USER_INFO);
    // Confluent defaults the source to URL, which silently ignores a configured user.info; pqp uses the
    // user info whenever one is given and the source is not set.
    String source = ConfigValues.string(configs, CREDENTIALS_SOURCE);
    source = source == null ? (userInfo == null ? "URL" : "USER_INFO") : source.toUpperCase(Locale.ROOT);
    List<URI> urls = new ArrayList<>();
    String urlUserInfo = null;
    for (String entry : urlList.split(",")) {
      URI uri = parseUrl(entry.trim());
      if (urlUserInfo == null) {
        urlUserInfo = uri.getUserInfo();
      }
      urls.add(withoutUserInfo(uri));
    }
    String credentials =
        switch (source) {
          case "USER_INFO" -> requireUserInfo(userInfo);
          case "URL" -> urlUserInfo;
          default -> throw ConfigValues.invalid(CREDENTIALS_SOURCE, source, "USER_INFO or URL");
        };
    return new RegistryConfig(
        urls,
        credentials,
        truststore(ConfigValues.string(configs, TRUSTSTORE_LOCATION)),
        ConfigValues.string(configs, TRUSTSTORE_PASSWORD),
        truststoreType(ConfigValues.string(configs, TRUSTSTORE_TYPE)),
        Duration.ofMillis(ConfigValues.positiveLong(configs, REQUEST_TIMEOUT_MS, DEFAULT_TIMEOUT_MS)));
  }

  private static URI parseUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, with the allowed values
    }
    throw ConfigValues.invalid(URL, text, "comma-separated http:// or https:// URLs with a host");
  }

  private static URI withoutUserInfo(URI uri) {
    // A trailing slash would double up when paths such as /schemas/ids/1 are appended.
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^.*@", "") + path);
  }

  private static String requireUserInfo(String userInfo) {
    if (userInfo == null || userInfo.indexOf(':') <= 0) {
      throw ConfigValues.invalid(
          USER_INFO, userInfo == null ? "" : "<hidden>", "user:password (required when "
              + CREDENTIALS_SOURCE + "=USER_INFO)");
    }
    return userInfo;
  }

  private static Path truststore(String location) {
    if (location == null) {
      return null;
    }
    Path path = Path.of(location);
    if (!Files.isReadable(path)) {
      throw ConfigValues.invalid(TRUSTSTORE_LOCATION, location, "the path of a readable truststore file");
    }
    return path;
  }

  private static String truststoreType(String type) {
    return type == null ? "JKS" : type.toUpperCase(Locale.ROOT);
  }

  /** Keeps the password and the user info out of logs. */
  @Override
  public String toString() {
    return "RegistryConfig[urls=" + urls + ", basicAuth=" + (basicAuthUserInfo != null)
        + ", truststore=" + truststoreLocation + " (" + truststoreType + "), requestTimeout="
        + requestTimeout + "]";
  }
}
