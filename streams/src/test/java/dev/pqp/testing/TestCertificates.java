package dev.pqp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority made with the JDK's {@code keytool} at run time: a CA, a broker certificate
 * for {@code localhost} and {@code 127.0.0.1}, and a client certificate, each in a PKCS12 keystore with its
 * chain, plus a truststore holding only the CA. Nothing of it is checked in; every store has one password.
 *
 * @param dir where the stores are
 * @param password the password of every store and key
 */
public record TestCertificates(Path dir, String password) {
  private static final String CA = "ca";

  /** Creates the CA and both certificates in {@code dir} (a few seconds: about a dozen keytool runs). */
  public static TestCertificates create(Path dir, String password) {
    TestCertificates c = new TestCertificates(dir, password);
    c.keytool("-genkeypair", "-alias", CA, "-dname", "CN=pqp test CA", "-ext", "bc:c", "-keystore", c.store(CA));
    c.keytool("-exportcert", "-rfc", "-alias", CA, "-file", c.file("ca.pem"), "-keystore", c.store(CA));
    // each keytool run is a JVM start: the three stores are made side by side (each reads the CA's store only)
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      CompletableFuture.allOf(
          CompletableFuture.runAsync(() -> c.keytool("-importcert", "-noprompt", "-alias", CA, "-file", c.file("ca.pem"),
              "-keystore", c.truststore().toString()), pool),
          CompletableFuture.runAsync(() -> c.signed("broker", "CN=localhost", "san=dns:localhost,ip:127.0.0.1"), pool),
          CompletableFuture.runAsync(() -> c.signed("client", "CN=pqp-client", null), pool)).join();
    } finally {
      pool.shutdownNow();
    }
    return c;
  }

  /** The broker's keystore: its key and certificate chain (SAN localhost, 127.0.0.1). */
  public Path brokerKeystore() {
    return dir.resolve("broker.p12");
  }

  /** The client's keystore, for mutual TLS (subject {@code CN=pqp-client}). */
  public Path clientKeystore() {
    return dir.resolve("client.p12");
  }

  /** The CA certificate alone: what broker and clients trust. */
  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  /** A key pair {@code name} in {@code name.p12}, its certificate signed by the CA and stored with the chain. */
  private void signed(String name, String dname, String extension) {
    String store = store(name);
    keytool("-genkeypair", "-alias", name, "-dname", dname, "-keystore", store);
    keytool("-certreq", "-alias", name, "-file", file(name + ".csr"), "-keystore", store);
    List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", CA, "-infile", file(name + ".csr"),
        "-outfile", file(name + ".pem"), "-keystore", store(CA)));
    if (extension != null) {
      sign.addAll(List.of("-ext", extension));
    }
    keytool(sign.toArray(String[]::new));
    // the chain of a signed certificate is built from the CA certificate in the same keystore
    keytool("-importcert", "-noprompt", "-alias", CA, "-file", file("ca.pem"), "-keystore", store);
    keytool("-importcert", "-alias", name, "-file", file(name + ".pem"), "-keystore", store);
  }

  private String store(String name) {
    return file(name + ".p12");
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private void keytool(String... args) {
    // a short-lived JVM: the client compiler alone starts it faster
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-keypass", password));
    }
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
