package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.EVENT_TIME;
import static dev.pqp.ingest.IngestFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pqp.config.Limits;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the validator rejects a decoded event for, whatever reader filled it. */
class ValidatorTest {
  @Test
  void shouldNameTheFaultyFeatureWithTheLeastNameWhateverTheOrderOfTheMap() {
    Validator validator = new Validator(Limits.defaults());
    for (int capacity : new int[] {2, 16, 1024}) {
      Map<String, Object> features = new HashMap<>(capacity);
      features.put("z", Double.NaN);
      features.put("ok", 1.0);
      features.put("b\u0001", 1.0);
      features.put("m", "x".repeat(300));
      Prediction p = new Prediction("p", "m", "v", EVENT_TIME, features,
          new Output(0.5, null, null, null), null, null, null, null);

      Rejection r = catchThrowableOfType(Rejection.class, () -> validator.validate(p, NOW));

      assertThat(r.reason()).isEqualTo(RejectReason.INVALID_VALUE);
      assertThat(r.getMessage()).isEqualTo("feature name contains control character U+0001 at position 1");
    }
  }
}
