package dev.pqp.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pqp.drift.WindowResult;
import java.util.List;

/** The JSON of {@code /api/models}: window results as Jackson writes Java records. */
final class ModelsJson {
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private ModelsJson() {}

  static String of(List<WindowResult> results) {
    try {
      return JSON.writeValueAsString(results);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write window results as JSON", e);
    }
  }
}
