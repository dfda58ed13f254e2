package dev.pqp.http;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Keeps connections that send nothing from taking the endpoint away from the probes: a connection must send a
 * whole request head within {@code deadline} of its opening, and each next one within {@code deadline} of the answer
 * to the last (as Go's {@code ReadHeaderTimeout}; an idle timeout alone is reset by every byte a slow client drips),
 * and once {@code soft} connections are open, a new one closes
 * the oldest connection that is still waiting for its first request, so that a probe always gets in while any
 * connection is only held open. Connections that sent a request are not touched: they are the idle timeout's and
 * {@link org.eclipse.jetty.server.NetworkConnectionLimit}'s, which bounds all connections (file descriptors).
 */
final class ConnectionGate implements Connection.Listener {
  private final Connector connector;
  private final long deadlineMs;
  private final int soft;
  /** Connections still waiting for their first request, oldest first, with their deadline's task. */
  private final Map<Connection, Scheduler.Task> waiting = new LinkedHashMap<>();

  ConnectionGate(Connector connector, long deadlineMs, int soft) {
    this.connector = connector;
    this.deadlineMs = deadlineMs;
    this.soft = soft;
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof SslConnection) {
      return; // with TLS the HTTP connection above it opens too: one entry per client connection
    }
    Connection oldest = null;
    Scheduler.Task task = deadline(connection);
    synchronized (this) {
      waiting.put(connection, task);
      if (connector.getConnectedEndPoints().size() > soft && waiting.size() > 1) {
        Iterator<Map.Entry<Connection, Scheduler.Task>> first = waiting.entrySet().iterator();
        Map.Entry<Connection, Scheduler.Task> e = first.next();
        first.remove();
        e.getValue().cancel();
        oldest = e.getKey();
      }
    }
    if (oldest != null) {
      oldest.getEndPoint().close();
    }
  }

  /**
   * The connection's response was written: its next request head is due within the deadline as its first was, so
   * that one quick request does not buy a connection the right to drip the next for ever.
   */
  void answered(Connection connection) {
    if (!connection.getEndPoint().isOpen()) {
      return;
    }
    Scheduler.Task task = deadline(connection);
    Scheduler.Task before;
    synchronized (this) {
      before = waiting.put(connection, task);
    }
    if (before != null) {
      before.cancel();
    }
  }

  private Scheduler.Task deadline(Connection connection) {
    return connector.getScheduler().schedule(() -> expire(connection), deadlineMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onClosed(Connection connection) {
    served(connection);
  }

  /** The connection sent a request head: from now on the idle timeout is its only limit. */
  void served(Connection connection) {
    Scheduler.Task task;
    synchronized (this) {
      task = waiting.remove(connection);
    }
    if (task != null) {
      task.cancel();
    }
  }

  private void expire(Connection connection) {
    synchronized (this) {
      if (waiting.remove(connection) == null) {
        return;
      }
    }
    connection.getEndPoint().close();
  }
}
