package dev.pqp.status;

import dev.pqp.http.PeerAccess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The status of every model version of the application: this instance's {@link LocalStatus}, plus the
 * {@code /api/local/models} of each other instance Kafka Streams knows of (their {@code application.server}),
 * asked in parallel with one deadline. An instance that does not answer in time, refuses or fails is reported
 * in {@link ClusterModels#instances()} and its versions are missing; the answer never waits longer than the
 * timeout and never fails because of another instance. With a single instance nothing is asked.
 */
public final class ClusterStatus {
  /** The path at which every instance answers with its own share. */
  public static final String LOCAL_PATH = "/api/local/models";

  /**
   * The other instances of the application.
   *
   * @param hosts their {@code host:port}, without this instance
   * @param error why they are not known (Kafka Streams not running yet), or null
   */
  public record Peers(List<String> hosts, String error) {
    public Peers {
      hosts = List.copyOf(hosts);
    }
  }

  private final Supplier<LocalModels> local;
  private final Supplier<Peers> peers;
  private final PeerAccess access;
  private final Duration timeout;
  private final int windows;

  /**
   * @param local this instance's share ({@link LocalStatus#read})
   * @param peers the other instances
   * @param timeout how long to wait for all of them together
   * @param windows the most windows per version
   */
  public ClusterStatus(Supplier<LocalModels> local, Supplier<Peers> peers, Duration timeout, int windows) {
    this(local, peers, timeout, windows, PeerAccess.plain(timeout));
  }

  /** As above, asking the other instances as {@code access} says (HTTPS, credentials). */
  public ClusterStatus(Supplier<LocalModels> local, Supplier<Peers> peers, Duration timeout, int windows,
      PeerAccess access) {
    this.local = local;
    this.peers = peers;
    this.timeout = timeout;
    this.windows = windows;
    this.access = access;
  }

  /** The JSON of {@code /api/local/models}. */
  public String localJson() {
    return StatusJson.write(local.get());
  }

  /** The JSON of {@code /api/models}. */
  public String json() {
    return StatusJson.write(gather());
  }

  public ClusterModels gather() {
    long t0 = System.nanoTime();
    Peers others = peers.get();
    Map<String, CompletableFuture<Answer>> asked = new LinkedHashMap<>();
    for (String host : others.hosts()) {
      asked.put(host, ask(host).thenApply(r -> new Answer(r, elapsedMs(t0))));
    }
    LocalModels mine = local.get();
    List<ClusterModels.InstanceReport> reports = new ArrayList<>();
    String selfError = joinErrors(mine.error(), others.error() == null ? null : "other instances unknown: " + others.error());
    reports.add(new ClusterModels.InstanceReport(mine.instance(), true, true, mine.state(), selfError,
        elapsedMs(t0), mine.versions().size()));
    StatusMerge merge = new StatusMerge(windows);
    merge.add(mine.versions());
    long deadline = t0 + timeout.toNanos();
    asked.forEach((host, answer) -> {
      LocalModels theirs = null;
      String error;
      long elapsed = timeout.toMillis();
      try {
        Answer a = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        HttpResponse<String> r = a.response();
        elapsed = a.elapsedMs();
        if (r.statusCode() == 200) {
          theirs = StatusJson.read(r.body(), LocalModels.class);
          error = theirs.error();
        } else {
          error = "answered HTTP " + r.statusCode();
        }
      } catch (TimeoutException e) {
        answer.cancel(true);
        error = "no answer within " + timeout.toMillis() + " ms";
      } catch (ExecutionException e) {
        elapsed = elapsedMs(t0);
        error = "unreachable: " + describe(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
      } catch (RuntimeException e) {
        error = "unreadable answer: " + describe(e);
      }
      if (theirs != null) {
        merge.add(theirs.versions());
      }
      reports.add(new ClusterModels.InstanceReport(host, false, theirs != null, theirs == null ? null : theirs.state(),
          error, elapsed, theirs == null ? 0 : theirs.versions().size()));
    });
    return new ClusterModels(mine.instance(), System.currentTimeMillis(), windows, reports, merge.models());
  }

  private record Answer(HttpResponse<String> response, long elapsedMs) {}

  private CompletableFuture<HttpResponse<String>> ask(String host) {
    try {
      return access.client().sendAsync(access.get(host, LOCAL_PATH, timeout), HttpResponse.BodyHandlers.ofString());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static String joinErrors(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + "; " + b;
  }

  private static long elapsedMs(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }
}
