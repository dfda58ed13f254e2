package dev.pqp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a real server that can fail the way networks do: {@link Mode#UP} forwards
 * bytes both ways, {@link Mode#DOWN} accepts and closes at once (a server that is gone or restarting), and
 * {@link Mode#BLACKHOLE} accepts and never answers (a hung server, a dropped route). Switching the mode cuts
 * every open connection, so clients with pooled keep-alive connections meet the new mode too.
 */
public final class FaultProxy implements AutoCloseable {
  /** How the proxy treats connections. */
  public enum Mode { UP, DOWN, BLACKHOLE }

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threadIds = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy-" + threadIds.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Mode mode = Mode.UP;

  private FaultProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** A proxy on a free loopback port in front of {@code targetPort} on loopback, in mode UP. */
  public static FaultProxy to(int targetPort) throws IOException {
    FaultProxy proxy = new FaultProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    proxy.threads.execute(proxy::acceptLoop);
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far, in any mode. */
  public int connections() {
    return connections.get();
  }

  /** Switches the mode and cuts every open connection. */
  public void mode(Mode next) {
    mode = next;
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    mode(Mode.DOWN);
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      switch (mode) {
        case DOWN -> closeQuietly(client);
        case BLACKHOLE -> {
          open.add(client);
          threads.execute(() -> pump(client, null)); // read and drop, never answer
        }
        case UP -> forward(client);
      }
    }
  }

  private void forward(Socket client) {
    try {
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      open.add(client);
      open.add(upstream);
      threads.execute(() -> pump(client, upstream));
      threads.execute(() -> pump(upstream, client));
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  /** Copies {@code from} to {@code to} (or drops it when {@code to} is null) until either side closes. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to == null ? OutputStream.nullOutputStream() : to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // cut by mode(...) or by the other side
    } finally {
      closeQuietly(from);
      if (to != null) {
        closeQuietly(to);
      }
    }
  }

  private void closeQuietly(AutoCloseable c) {
    if (c instanceof Socket s) {
      open.remove(s);
    }
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
