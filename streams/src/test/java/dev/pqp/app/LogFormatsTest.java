package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.config.PqpConfig.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --log-format json}: every line pqp logs is one JSON object with the fields a log pipeline indexes. */
class LogFormatsTest {
  private static final Logger LOG = LoggerFactory.getLogger("dev.pqp.test");
  private final PrintStream realErr = System.err;

  @AfterEach
  void restore() {
    LogFormats.apply(LogFormat.TEXT);
    System.setErr(realErr);
  }

  private String logged(LogFormat format) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LogFormats.apply(format);
    LOG.atInfo().addKeyValue("model_name", "claims-risk").addKeyValue("model_version", "v2")
        .log("new model version {}", "claims-risk/v2");
    LOG.warn("broken \"quote\"\nsecond line", new IllegalStateException("boom"));
    System.err.flush();
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteOneJsonObjectPerLineWithModelAndVersionWhereKnown() throws Exception {
    List<String> lines = logged(LogFormat.JSON).lines().toList();

    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger").asText()).isEqualTo("dev.pqp.test");
    assertThat(first.get("message").asText()).isEqualTo("new model version claims-risk/v2");
    assertThat(first.get("model_name").asText()).isEqualTo("claims-risk");
    assertThat(first.get("model_version").asText()).isEqualTo("v2");
    assertThat(first.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    JsonNode second = json.readTree(lines.get(1));
    assertThat(second.get("level").asText()).isEqualTo("WARN");
    assertThat(second.get("message").asText()).isEqualTo("broken \"quote\"\nsecond line");
    assertThat(second.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom");
    assertThat(second.has("model_name")).isFalse();
  }

  @Test
  void shouldWriteTextLinesByDefault() {
    String text = logged(LogFormat.TEXT);

    assertThat(text).contains("INFO  d.p.test - new model version claims-risk/v2 {model_name=claims-risk, model_version=v2}")
        .contains("WARN  d.p.test - broken \"quote\"").contains("java.lang.IllegalStateException: boom");
  }
}
