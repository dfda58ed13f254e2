package dev.pqp.ingest.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Turns the truststore settings of a {@link RegistryConfig} into the {@link SSLContext} for HTTPS. */
final class TrustStores {
  private TrustStores() {}

  /** The JDK's default context when no truststore is configured, else one trusting only the store. */
  static SSLContext sslContext(RegistryConfig config) {
    try {
      if (config.truststoreLocation() == null) {
        return SSLContext.getDefault();
      }
      KeyStore store = KeyStore.getInstance(config.truststoreType());
      char[] password = config.truststorePassword() == null ? null : config.truststorePassword().toCharArray();
      try (InputStream in = Files.newInputStream(config.truststoreLocation())) {
        store.load(in, password);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      // Most often a wrong password or a store of the other type: say which settings to check.
      throw new IllegalArgumentException(
          "Cannot load the truststore " + config.truststoreLocation() + " as " + config.truststoreType()
              + "; check " + RegistryConfig.TRUSTSTORE_LOCATION + ", " + RegistryConfig.TRUSTSTORE_TYPE
              + " and " + RegistryConfig.TRUSTSTORE_PASSWORD + ": " + e.getMessage(),
          e);
    }
  }
}
