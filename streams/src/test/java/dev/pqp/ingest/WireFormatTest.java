package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.samplePredictionEvent;
import static dev.pqp.ingest.IngestFixtures.singleObject;
import static dev.pqp.ingest.IngestFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.schema.PredictionEvent;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  @Test
  void shouldDetectJsonFromTheOpeningBrace() {
    assertThat(WireFormat.detect(utf8("{\"prediction_id\": \"p-1\"}"))).isEqualTo(WireFormat.JSON);
  }

  @Test
  void shouldDetectJsonAfterLeadingWhiteSpaceAndAByteOrderMark() {
    assertThat(WireFormat.detect(utf8(" \t\r\n  {\"a\": 1}"))).isEqualTo(WireFormat.JSON);
    byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
    assertThat(WireFormat.detect(withBom)).isEqualTo(WireFormat.JSON);
  }

  @Test
  void shouldDetectConfluentFramingFromTheZeroMagicByte() {
    byte[] framed = IngestFixtures.confluentFramed(7, PredictionEvent.getClassSchema(), samplePredictionEvent());
    assertThat(framed[0]).isEqualTo((byte) 0);
    assertThat(WireFormat.detect(framed)).isEqualTo(WireFormat.AVRO_CONFLUENT);
    // the shortest Confluent frame: magic byte and schema id, empty payload
    assertThat(WireFormat.detect(new byte[] {0, 0, 0, 0, 1})).isEqualTo(WireFormat.AVRO_CONFLUENT);
  }

  @Test
  void shouldDetectSingleObjectEncodingFromItsTwoByteMarker() {
    byte[] single = singleObject(samplePredictionEvent());
    assertThat(single[0]).isEqualTo((byte) 0xC3);
    assertThat(single[1]).isEqualTo((byte) 0x01);
    assertThat(WireFormat.detect(single)).isEqualTo(WireFormat.AVRO_SINGLE_OBJECT);
  }

  @Test
  void shouldCallEverythingElseUnknown() {
    assertThat(WireFormat.detect(utf8("hello"))).isEqualTo(WireFormat.UNKNOWN);
    assertThat(WireFormat.detect(utf8("[1, 2]"))).isEqualTo(WireFormat.UNKNOWN);
    assertThat(WireFormat.detect(utf8("   "))).isEqualTo(WireFormat.UNKNOWN);
    // too short for their framing
    assertThat(WireFormat.detect(new byte[] {0, 0, 0, 1})).isEqualTo(WireFormat.UNKNOWN);
    assertThat(WireFormat.detect(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3})).isEqualTo(WireFormat.UNKNOWN);
    // 0xC3 without the version byte 0x01
    assertThat(WireFormat.detect(new byte[] {(byte) 0xC3, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 9})).isEqualTo(WireFormat.UNKNOWN);
  }

  @Test
  void shouldCallEmptyAndNullValuesUnknown() {
    assertThat(WireFormat.detect(new byte[0])).isEqualTo(WireFormat.UNKNOWN);
    assertThat(WireFormat.detect(null)).isEqualTo(WireFormat.UNKNOWN);
  }
}
