package dev.pqp.topology.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapStoreTest {
  /** A mutable heap value. */
  static final class Box {
    long n;

    Box(long n) {
      this.n = n;
    }
  }

  /** Encodes a box as 8 bytes and counts encodes and decodes. */
  static final class BoxCodec implements ValueCodec<Box> {
    int encodes;
    int decodes;

    @Override
    public byte[] encode(Box value) {
      encodes++;
      return ByteBuffer.allocate(8).putLong(value.n).array();
    }

    @Override
    public Box decode(byte[] bytes) {
      decodes++;
      return new Box(ByteBuffer.wrap(bytes).getLong());
    }
  }

  /** The inner store, counting the writes the heap store makes to it. */
  static final class CountingStore extends InMemoryKeyValueStore {
    final List<String> puts = new ArrayList<>();
    final List<String> deletes = new ArrayList<>();

    CountingStore() {
      super("inner");
    }

    @Override
    public synchronized void put(Bytes key, byte[] value) {
      puts.add(new String(key.get(), StandardCharsets.UTF_8));
      super.put(key, value);
    }

    @Override
    public synchronized byte[] delete(Bytes key) {
      deletes.add(new String(key.get(), StandardCharsets.UTF_8));
      return super.delete(key);
    }

    Long value(String key) {
      byte[] b = get(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)));
      return b == null ? null : ByteBuffer.wrap(b).getLong();
    }
  }

  CountingStore inner;
  BoxCodec codec;
  HeapStore<String, Box> store;

  @BeforeEach
  void init() {
    inner = new CountingStore();
    codec = new BoxCodec();
    store = new HeapStore<>(inner, KeyCodec.STRING, codec);
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  @Test
  void shouldReturnTheSameHeapObjectWithoutEncodingUntilFlush() {
    Box a = new Box(1);
    store.put("a", a);
    assertThat(store.get("a")).isSameAs(a);
    assertThat(store.get("missing")).isNull();
    assertThat(codec.encodes).isZero();
    assertThat(inner.puts).isEmpty();
    assertThat(inner.value("a")).isNull();
  }

  @Test
  void shouldWriteOnlyDirtyKeysAtFlush() {
    store.put("a", new Box(1));
    store.put("b", new Box(2));
    store.put("c", new Box(3));
    store.flushCache();
    assertThat(inner.puts).containsExactlyInAnyOrder("a", "b", "c");

    inner.puts.clear();
    store.get("a").n += 10;
    store.markDirty("a");
    store.get("a").n += 10;
    store.markDirty("a"); // twice in one commit: still one write
    store.get("b").n = 99; // not marked: the contract says it is not written
    store.flushCache();
    assertThat(inner.puts).containsExactly("a");
    assertThat(inner.value("a")).isEqualTo(21);
    assertThat(inner.value("b")).isEqualTo(2);
    assertThat(codec.encodes).isEqualTo(4);

    inner.puts.clear();
    store.flushCache(); // nothing changed since the last flush
    assertThat(inner.puts).isEmpty();
    assertThat(inner.deletes).isEmpty();
  }

  @Test
  void shouldNotResurrectDeletedKeyFromInnerStoreBeforeFlush() {
    store.put("a", new Box(1));
    store.put("b", new Box(2));
    store.flushCache();
    store.clearCache(); // heap empty, both only in the inner store

    store.delete("a");
    assertThat(store.get("a")).isNull();
    assertThat(store.keys()).containsExactly("b");
    assertThat(store.size()).isEqualTo(1);
    Map<String, Long> seen = new HashMap<>();
    store.forEach((k, v) -> seen.put(k, v.n));
    assertThat(seen).containsExactly(Map.entry("b", 2L));
    assertThat(inner.value("a")).isEqualTo(1); // still there until the flush
    assertThat(inner.deletes).isEmpty();

    store.flushCache();
    assertThat(inner.deletes).containsExactly("a");
    assertThat(inner.value("a")).isNull();
    assertThat(store.get("a")).isNull();

    store.put("a", new Box(5)); // a deleted key can come back by put
    assertThat(store.get("a").n).isEqualTo(5);
    store.flushCache();
    assertThat(inner.value("a")).isEqualTo(5);
  }

  @Test
  void shouldDecodeLazilyAndOnceAfterClearCache() {
    store.put("a", new Box(1));
    store.put("b", new Box(2));
    store.put("c", new Box(3));
    store.flushCache();
    store.clearCache();
    assertThat(codec.decodes).isZero();

    assertThat(store.get("a").n).isEqualTo(1);
    assertThat(codec.decodes).isEqualTo(1);
    Box a = store.get("a");
    assertThat(store.get("a")).isSameAs(a);
    assertThat(codec.decodes).isEqualTo(1);

    assertThat(store.keys()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(codec.decodes).isEqualTo(3); // b and c, not a again
    assertThat(store.get("a")).isSameAs(a);
    store.forEach((k, v) -> { });
    assertThat(codec.decodes).isEqualTo(3);
  }

  @Test
  void shouldDropUnflushedChangesOnClearCache() {
    store.put("a", new Box(1));
    store.flushCache();
    store.get("a").n = 50;
    store.markDirty("a");
    store.put("b", new Box(2));
    store.clearCache(); // what Kafka Streams does when a task's uncommitted work is abandoned

    assertThat(store.get("a").n).isEqualTo(1);
    assertThat(store.get("b")).isNull();
    store.flushCache();
    assertThat(inner.puts).containsExactly("a");
  }

  /** Commands per record: {@code put:N}, {@code add:N} (get, mutate, markDirty), {@code del}, {@code get}. */
  static final class CommandProcessor implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;
    private HeapStore<String, Box> store;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      this.store = context.getStateStore("counts");
    }

    @Override
    public void process(Record<String, String> record) {
      String key = record.key();
      for (String cmd : record.value().split(",")) {
        String[] p = cmd.split(":");
        switch (p[0]) {
          case "put" -> store.put(key, new Box(Long.parseLong(p[1])));
          case "add" -> {
            store.get(key).n += Long.parseLong(p[1]);
            store.markDirty(key);
          }
          case "del" -> store.delete(key);
          case "get" -> {
            Box b = store.get(key);
            context.forward(record.withValue(b == null ? "null" : Long.toString(b.n)));
          }
          default -> throw new IllegalArgumentException(cmd);
        }
      }
    }
  }

  @Test
  void shouldWriteOneChangelogRecordPerDirtyKeyPerCommit(@TempDir Path stateDir) {
    Topology t = new Topology();
    t.addSource("in", new StringDeserializer(), new StringDeserializer(), "commands");
    t.addProcessor("p", CommandProcessor::new, "in");
    t.addStateStore(new HeapStoreBuilder<>("counts", KeyCodec.STRING, new BoxCodec(), true), "p");
    t.addSink("out", "values", new StringSerializer(), new StringSerializer(), "p");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "heap-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(t, props)) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, String> out =
          driver.createOutputTopic("values", new StringDeserializer(), new StringDeserializer());
      TestOutputTopic<String, Long> changelog = driver.createOutputTopic("heap-test-counts-changelog",
          new StringDeserializer(), Serdes.Long().deserializer());

      in.pipeInput("a", "put:1,add:1,add:1,add:1"); // four updates, one commit: one record
      assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("a", 4L));
      in.pipeInput("b", "put:7");
      assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("b", 7L)); // a is not rewritten
      in.pipeInput("b", "get");
      assertThat(changelog.isEmpty()).isTrue(); // a read is not a write
      in.pipeInput("a", "add:10");
      assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("a", 14L));
      in.pipeInput("a", "del,get");
      assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("a", null)); // a tombstone
      in.pipeInput("a", "get");
      assertThat(out.readValuesToList()).containsExactly("7", "null", "null");
      assertThat(changelog.isEmpty()).isTrue();
    }
  }
}
