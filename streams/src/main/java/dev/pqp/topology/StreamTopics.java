package dev.pqp.topology;

import dev.pqp.config.Topics;
import dev.pqp.schema.Action;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.Performance;
import dev.pqp.schema.VersionComparison;
import dev.pqp.stream.comparison.WindowCounts;
import dev.pqp.stream.drift.DriftStream;
import dev.pqp.stream.drift.StageOne;
import dev.pqp.stream.groundtruth.GroundTruthStream;
import dev.pqp.stream.groundtruth.JoinRecords;
import org.apache.avro.specific.SpecificRecordBase;
import dev.pqp.export.OutputSerializer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Every topic of the topology, typed: the inputs (read as bytes and decoded by the ingest step), the
 * reference table, the derived topics with the output serde, and the internal repartition topics with the
 * codecs of their channels.
 */
record StreamTopics(
    Topic<byte[], byte[]> predictions,
    Topic<byte[], byte[]> features,
    Topic<byte[], byte[]> groundTruth,
    Topic<String, byte[]> reference,
    Topic<byte[], byte[]> deadLetter,
    Topic<String, FeatureDrift> featureDrift,
    Topic<String, ModelWindow> modelWindow,
    Topic<String, Performance> performance,
    Topic<String, byte[]> profiles,
    Topic<String, Action> actions,
    Topic<String, VersionComparison> comparisons,
    Topic<String, StageOne> partials,
    Topic<String, JoinRecords.In> predictionsById,
    Topic<String, JoinRecords.In> labelsById,
    Topic<String, JoinRecords.Out> outcomes,
    Topic<String, WindowCounts> comparisonCounts,
    Topic<String, WindowCounts> servingCounts) {

  /**
   * The profiles' bytes as they are (pqp's versioned profile form, format byte first), labelled by the same two
   * headers as the other derived records.
   */
  private static final Serde<byte[]> PROFILES = Serdes.serdeFrom(new Serializer<>() {
    @Override
    public byte[] serialize(String topic, byte[] bytes) {
      return bytes;
    }

    @Override
    public byte[] serialize(String topic, Headers headers, byte[] bytes) {
      if (bytes != null && headers != null) {
        OutputSerializer.label(headers, "dev.pqp.profile.WindowProfile", "pqp-profile");
      }
      return bytes;
    }
  }, Serdes.ByteArray().deserializer());
  private static final String PREDICTIONS_BY_ID = "truth-predictions-by-id";
  private static final String LABELS_BY_ID = "truth-labels-by-id";

  /** The names of the repartition topics of the join's inputs. */
  static java.util.List<String> joinRepartitionNames() {
    return java.util.List.of(PREDICTIONS_BY_ID, LABELS_BY_ID);
  }

  /** The topics named in {@code names}; derived records written by {@code output}. */
  static StreamTopics of(Topics names, Serializer<SpecificRecordBase> output) {
    return new StreamTopics(
        raw(names.predictions()), raw(names.features()), raw(names.groundTruth()),
        new Topic<>(names.reference(), Serdes.String(), Serdes.ByteArray()),
        raw(names.deadLetter()),
        derived(names.featureDrift(), output), derived(names.modelWindow(), output),
        derived(names.performance(), output),
        new Topic<>(names.profiles(), Serdes.String(), PROFILES),
        derived(names.actions(), output),
        derived(names.comparisons(), output),
        new Topic<>("profile-partials", Serdes.String(), DriftStream.PARTIALS),
        new Topic<>(PREDICTIONS_BY_ID, Serdes.String(), GroundTruthStream.JOIN_IN),
        new Topic<>(LABELS_BY_ID, Serdes.String(), GroundTruthStream.JOIN_IN),
        new Topic<>("performance-outcomes", Serdes.String(), GroundTruthStream.JOIN_OUT),
        new Topic<>("comparison-counts", Serdes.String(), WindowCounts.SERDE),
        new Topic<>("comparison-serving-counts", Serdes.String(), WindowCounts.SERDE));
  }

  private static Topic<byte[], byte[]> raw(String name) {
    return new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray());
  }

  private static <T extends SpecificRecordBase> Topic<String, T> derived(String name, Serializer<SpecificRecordBase> output) {
    Serializer<T> values = new Serializer<>() {
      @Override
      public byte[] serialize(String topic, T record) {
        return output.serialize(topic, record);
      }

      @Override
      public byte[] serialize(String topic, Headers headers, T record) {
        return output.serialize(topic, headers, record); // with the headers that name its type and format
      }
    };
    Serde<T> serde = Serdes.serdeFrom(values, (topic, bytes) -> {
      throw new UnsupportedOperationException("pqp only writes its derived topics");
    });
    return new Topic<>(name, Serdes.String(), serde);
  }
}
