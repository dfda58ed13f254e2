package dev.pqp.ingest.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client for the Confluent schema registry REST API (Confluent, Karapace, Redpanda, Apicurio's
 * {@code /apis/ccompat/v7}), enough for Avro serdes. Consumes schema ids and (subject, schema) pairs;
 * emits parsed Avro {@link Schema}s and ids. Thread-safe; share one per registry.
 *
 * <p>Every answer is cached for the life of the client: ids are immutable, and a schema once registered
 * under a subject keeps its id, so no request is repeated per record.
 */
public final class SchemaRegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SUBJECT_NOT_FOUND = 40401;
  private static final int SCHEMA_NOT_FOUND = 40403;

  private final RegistryHttp http;
  private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final ConcurrentMap<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
  private final ConcurrentMap<SubjectSchema, Integer> lookedUpIds = new ConcurrentHashMap<>();

  public SchemaRegistryClient(RegistryConfig config) {
    this.http = new RegistryHttp(config);
  }

  /**
   * The Avro schema registered with {@code id}.
   *
   * @throws UnknownSchemaIdException if the registry does not know the id
   * @throws RegistryException if the registry refuses, or the schema is not Avro or does not parse
   * @throws RegistryUnavailableException if no registry URL answered
   */
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    HttpResponse<String> response = http.get("/schemas/ids/" + id);
    JsonNode body = body(response);
    if (response.statusCode() == 404) {
      throw new UnknownSchemaIdException(id, 404, errorCode(body));
    }
    requireOk(response, body, "GET /schemas/ids/" + id);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new RegistryException(
          "Schema id " + id + " is " + type + ", not Avro", 200, RegistryException.NO_ERROR_CODE);
    }
    return remember(schemasById, id, parse(body.path("schema").asText(), id));
  }

  /**
   * The schema of {@code id} if an earlier call fetched or registered it, without a request; else {@code null}.
   * Lets a caller that guards against registry outages keep known ids out of the guard.
   */
  public Schema cachedSchemaById(int id) {
    return schemasById.get(id);
  }

  /**
   * Registers {@code schema} under {@code subject} (a no-op if it is already there) and returns its id.
   *
   * @throws RegistryException if the registry refuses, for example an incompatible schema (409)
   * @throws RegistryUnavailableException if no registry URL answered
   */
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = registeredIds.get(key);
    return cached != null ? cached : remember(registeredIds, key, idFrom(subjectPath(subject) + "/versions", key));
  }

  /**
   * The id of {@code schema} if it is already registered under {@code subject}; never registers.
   *
   * @throws SchemaNotRegisteredException if the subject or the schema under it is missing
   * @throws RegistryException if the registry refuses otherwise
   * @throws RegistryUnavailableException if no registry URL answered
   */
  public int idOf(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = lookedUpIds.get(key);
    return cached != null ? cached : remember(lookedUpIds, key, idFrom(subjectPath(subject), key));
  }

  // Requests run outside computeIfAbsent so a slow registry does not block other keys in the same bin;
  // two threads may both ask once, and the answers agree.
  private static <K, V> V remember(ConcurrentMap<K, V> cache, K key, V value) {
    V raced = cache.putIfAbsent(key, value);
    return raced == null ? value : raced;
  }

  private int idFrom(String path, SubjectSchema key) {
    HttpResponse<String> response = http.post(path, request(key.schema()));
    JsonNode body = body(response);
    int errorCode = errorCode(body);
    if (response.statusCode() == 404 && (errorCode == SUBJECT_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND)) {
      throw new SchemaNotRegisteredException(key.subject(), 404, errorCode);
    }
    requireOk(response, body, "POST " + path);
    if (!body.path("id").canConvertToInt()) {
      throw new RegistryException(
          "No schema id in the answer to POST " + path + ": " + response.body(), 200, errorCode);
    }
    int id = body.path("id").intValue();
    schemasById.putIfAbsent(id, key.schema());
    return id;
  }

  private static String request(Schema schema) {
    try {
      return JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a JSON string", e);
    }
  }

  private static String subjectPath(String subject) {
    return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode body(HttpResponse<String> response) {
    try {
      JsonNode node = JSON.readTree(response.body());
      return node == null ? JSON.missingNode() : node;
    } catch (JsonProcessingException e) {
      // Proxies answer errors in HTML; keep the status, which requireOk reports.
      return JSON.missingNode();
    }
  }

  private static int errorCode(JsonNode body) {
    return body.path("error_code").asInt(RegistryException.NO_ERROR_CODE);
  }

  private static void requireOk(HttpResponse<String> response, JsonNode body, String what) {
    if (response.statusCode() / 100 != 2 || body.isMissingNode()) {
      throw new RegistryException(
          "Schema registry refused " + what + ": HTTP " + response.statusCode() + " " + response.body(),
          response.statusCode(),
          errorCode(body));
    }
  }

  private static Schema parse(String text, int id) {
    try {
      // A fresh parser each time: a parser remembers named types and would reject a second definition.
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new RegistryException(
          "Schema id " + id + " is not a valid Avro schema: " + e.getMessage(), 200, RegistryException.NO_ERROR_CODE);
    }
  }

  private record SubjectSchema(String subject, Schema schema) {}
}
