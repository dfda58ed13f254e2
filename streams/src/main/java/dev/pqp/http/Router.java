package dev.pqp.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers GET and HEAD on exact paths only: 405 with {@code Allow} for any other method, 413 for a request with a
 * body, 404 for any other path (also {@code /metrics/anything}), 401 with {@code WWW-Authenticate} where a
 * route is protected and the credentials are missing or wrong. The response is written asynchronously, so that
 * a client that never reads holds its connection, not a thread.
 */
final class Router extends Handler.Abstract {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Router.class);

  /** What a path answers; {@code body} is called per request and may take a while. */
  record Route(String type, boolean protect, Supplier<Reply> body) {}

  /** A status and its body. */
  record Reply(int status, String body) {}

  private final Map<String, Route> routes;
  private final Credentials credentials;
  private final ConnectionGate gate;
  private final AuthFailures authFailures = new AuthFailures();

  Router(Map<String, Route> routes, Credentials credentials, ConnectionGate gate) {
    this.routes = Map.copyOf(routes);
    this.credentials = credentials;
    this.gate = gate;
  }

  @Override
  public boolean handle(Request request, Response response, Callback answered) {
    org.eclipse.jetty.io.Connection connection = request.getConnectionMetaData().getConnection();
    gate.served(connection);
    Callback callback = Callback.from(answered, () -> gate.answered(connection));
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      return send(response, callback, 405, "text/plain", "method not allowed\n");
    }
    if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      return send(response, callback, 413, "text/plain", "no request body is accepted\n");
    }
    Route route = routes.get(Request.getPathInContext(request));
    if (route == null) {
      return send(response, callback, 404, "text/plain", "not found\n");
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (route.protect() && credentials != null && !credentials.accepts(authorization)) {
      authFailures.refused(String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress()),
          Request.getPathInContext(request), authorization != null);
      response.getHeaders().put(new HttpField(HttpHeader.WWW_AUTHENTICATE, credentials.challenge()));
      return send(response, callback, 401, "text/plain", "unauthorized\n");
    }
    Reply reply;
    try {
      reply = route.body().get();
    } catch (RuntimeException e) {
      LOG.warn("{} failed", Request.getPathInContext(request), e);
      return send(response, callback, 500, "text/plain", "failed: " + e + "\n");
    }
    if (route.type().startsWith("text/html")) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    }
    return send(response, callback, reply.status(), route.type(), reply.body());
  }

  private static boolean send(Response response, Callback callback, int status, String type, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    // Jetty drops the content of a HEAD response and keeps its Content-Length
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }
}
