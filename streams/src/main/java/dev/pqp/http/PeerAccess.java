package dev.pqp.http;

import dev.pqp.config.HttpSettings;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How one instance asks another for its share of the status ({@code /api/local/models}): over HTTPS when
 * this instance serves TLS, with this instance's own credentials when its {@code /api/} asks for them (every
 * instance of an application runs with the same settings).
 *
 * <p>A peer's certificate is trusted when it chains to a certificate this instance serves itself (the same
 * certificate, or one issued by a CA in this instance's chain), whatever name or address it was reached at:
 * instances find each other by {@code application.server}, often a pod address that no certificate names.
 * Nothing else is trusted for these requests.
 */
public final class PeerAccess {
  private final String scheme;
  private final HttpClient client;
  private final String authorization;

  private PeerAccess(String scheme, HttpClient client, String authorization) {
    this.scheme = scheme;
    this.client = client;
    this.authorization = authorization;
  }

  /** Access as the HTTP settings of this instance imply, connecting within {@code timeout}. */
  public static PeerAccess of(HttpSettings settings, Duration timeout) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
    String scheme = "http";
    if (settings != null && settings.tls() != null) {
      b.sslContext(pinned(TlsContext.servedChain(settings.tls())));
      scheme = "https";
    }
    return new PeerAccess(scheme, b.build(), settings == null ? null : authorization(settings.auth()));
  }

  /** Plain HTTP, no credentials. */
  public static PeerAccess plain(Duration timeout) {
    return of(null, timeout);
  }

  public HttpClient client() {
    return client;
  }

  /** A GET of {@code path} at {@code host:port}, with this instance's credentials if it has any. */
  public HttpRequest get(String hostPort, String path, Duration timeout) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(scheme + "://" + hostPort + path)).timeout(timeout).GET();
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return r.build();
  }

  private static String authorization(HttpSettings.Auth auth) {
    if (auth == null) {
      return null;
    }
    if (auth.token() != null) {
      return "Bearer " + auth.token();
    }
    return "Basic " + Base64.getEncoder().encodeToString(auth.basic().getBytes(StandardCharsets.UTF_8));
  }

  private static SSLContext pinned(List<X509Certificate> anchors) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        trusted.setCertificateEntry("served-" + i, anchors.get(i));
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
      f.init(trusted);
      X509TrustManager pkix = null;
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          pkix = x;
        }
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new WithoutHostname(pkix)}, null);
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the TLS context for status requests to other instances", e);
    }
  }

  /**
   * Checks the chain a peer presents against the served certificates (PKIX) and nothing more: the name or
   * address the peer was reached at is not checked (see the class comment).
   */
  private static final class WithoutHostname extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;

    WithoutHostname(X509TrustManager pkix) {
      this.pkix = pkix;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("status requests present no client certificate");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
