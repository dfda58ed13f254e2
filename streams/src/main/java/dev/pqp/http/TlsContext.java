package dev.pqp.http;

import dev.pqp.config.ConfigException;
import dev.pqp.config.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The server side of TLS from a PKCS12 keystore or from PEM files (read here: Jetty reads keystores only). */
final class TlsContext {
  private static final char[] IN_MEMORY = "pqp".toCharArray();

  private TlsContext() {}

  static SslContextFactory.Server of(HttpSettings.Tls tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    if (tls.keystore() != null) {
      ssl.setKeyStorePath(tls.keystore().toString());
      ssl.setKeyStoreType("PKCS12");
      ssl.setKeyStorePassword(tls.password());
    } else {
      ssl.setKeyStore(pem(tls));
      ssl.setKeyStorePassword(new String(IN_MEMORY));
    }
    ssl.setSniRequired(false);
    // a certificate issued for a service name is served whatever name or address the client used
    ssl.setEndpointIdentificationAlgorithm(null);
    return ssl;
  }

  /**
   * Opens what {@code tls} names and reads its key, so that start-up stops with the setting at fault before anything is
   * created: a missing or unreadable file, a wrong password, a keystore without a key.
   */
  static void check(HttpSettings.Tls tls) {
    if (tls.keystore() == null) {
      pem(tls); // throws naming http.tls.cert or http.tls.key
      return;
    }
    if (!Files.isReadable(tls.keystore())) {
      throw new ConfigException("http.tls.keystore: " + tls.keystore() + " does not exist or cannot be read");
    }
    char[] password = tls.password() == null ? null : tls.password().toCharArray();
    KeyStore ks;
    try (InputStream in = Files.newInputStream(tls.keystore())) {
      ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
    } catch (IOException e) {
      if (e.getCause() instanceof java.security.UnrecoverableKeyException || password == null) {
        throw new ConfigException("http.tls.keystore-password: it does not open the keystore " + tls.keystore()
            + " (set http.tls.keystore-password or http.tls.keystore-password-file to its password)");
      }
      throw new ConfigException("http.tls.keystore: " + tls.keystore() + " cannot be read as a PKCS12 keystore ("
          + e.getMessage() + ")");
    } catch (GeneralSecurityException e) {
      throw new ConfigException("http.tls.keystore: " + tls.keystore() + " cannot be read as a PKCS12 keystore ("
          + e.getClass().getSimpleName() + ")");
    }
    try {
      for (String alias : java.util.Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias) && ks.getKey(alias, password) != null) {
          return;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigException("http.tls.keystore-password: it opens the keystore " + tls.keystore()
          + " but not its private key, which must have the same password");
    }
    throw new ConfigException("http.tls.keystore: " + tls.keystore() + " holds no private key with its certificate");
  }

  /** The certificate chain this instance serves, from its keystore or its PEM file. */
  static java.util.List<java.security.cert.X509Certificate> servedChain(HttpSettings.Tls tls) {
    try {
      KeyStore ks;
      if (tls.keystore() != null) {
        ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keystore())) {
          ks.load(in, tls.password() == null ? null : tls.password().toCharArray());
        }
      } else {
        ks = pem(tls);
      }
      java.util.List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
      for (String alias : java.util.Collections.list(ks.aliases())) {
        Certificate[] c = ks.isKeyEntry(alias) ? ks.getCertificateChain(alias) : new Certificate[] {ks.getCertificate(alias)};
        for (Certificate cert : c == null ? new Certificate[0] : c) {
          if (cert instanceof java.security.cert.X509Certificate x) {
            chain.add(x);
          }
        }
      }
      return chain;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("http.tls.keystore: cannot read the certificates of " + tls.keystore() + " ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static KeyStore pem(HttpSettings.Tls tls) {
    try {
      Certificate[] chain;
      try (InputStream in = Files.newInputStream(tls.cert())) {
        chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
      }
      if (chain.length == 0) {
        throw new ConfigException("http.tls.cert: no certificate in " + tls.cert());
      }
      PrivateKey key = privateKey(Files.readString(tls.key(), StandardCharsets.US_ASCII), chain[0].getPublicKey().getAlgorithm());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("pqp", key, IN_MEMORY, chain);
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("http.tls.cert / http.tls.key: cannot read " + tls.cert() + " and " + tls.key() + " ("
          + e.getClass().getSimpleName() + "); the key must be unencrypted PKCS#8 (BEGIN PRIVATE KEY)");
    }
  }

  private static PrivateKey privateKey(String pem, String algorithm) throws GeneralSecurityException {
    String begin = "-----BEGIN PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf("-----END PRIVATE KEY-----");
    if (from < 0 || to < from) {
      throw new GeneralSecurityException("no PKCS#8 private key");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
