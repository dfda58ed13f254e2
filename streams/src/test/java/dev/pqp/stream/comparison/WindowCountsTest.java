package dev.pqp.stream.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The comparison's repartitioned counts: today's bytes read back, and those of format 1 (no metric) as accuracy. */
class WindowCountsTest {
  @Test
  void shouldRoundTripAMetricAndReadFormatOneAsAccuracy() {
    WindowCounts rate = new WindowCounts("v2", 60_000L, 400, 48, WindowCounts.outcome("conversion"));
    byte[] bytes = WindowCounts.SERDE.serializer().serialize("t", rate);
    assertThat(WindowCounts.SERDE.deserializer().deserialize("t", bytes)).isEqualTo(rate);
    assertThat(bytes[0]).as("a rate in format 2, which release 0.6 reads").isEqualTo((byte) 2);
    WindowCounts value = WindowCounts.values("v2", 60_000L, 400, 2_345.75, 151_234.5625,
        WindowCounts.outcomeValue("conversion"));
    byte[] valueBytes = WindowCounts.SERDE.serializer().serialize("t", value);
    assertThat(valueBytes[0]).isEqualTo((byte) 3);
    WindowCounts read = WindowCounts.SERDE.deserializer().deserialize("t", valueBytes);
    assertThat(read).isEqualTo(value);
    assertThat(read.moments()).isEqualTo(new dev.pqp.comparison.Moments(400, 2_345.75, 151_234.5625));

    byte[] v = "v1".getBytes(StandardCharsets.UTF_8);
    byte[] format1 = ByteBuffer.allocate(1 + 4 + v.length + 24).put((byte) 1).putInt(v.length).put(v).putLong(10L)
        .putLong(30L).putLong(25L).array();
    assertThat(WindowCounts.SERDE.deserializer().deserialize("t", format1))
        .isEqualTo(new WindowCounts("v1", 10L, 30L, 25L, WindowCounts.ACCURACY));
  }
}
