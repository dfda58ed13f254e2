package dev.pqp.compare;

import dev.pqp.profile.ProfileFormatException;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceKind;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.window.PredictionDrift;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a window is compared with, as the reference of the evaluation: a window of the same version, the
 * window of another version, or the version's reference from the reference topic.
 *
 * @param kind {@code window}, {@code version} or {@code reference}
 * @param baseline the baseline name of the prediction-mix drift ({@code window:T}, {@code version:V},
 *     {@code reference})
 * @param window the window compared with, or null for a reference
 */
public record Against(String kind, String baseline, ReferenceProfile reference, SelectedWindow window) {
  public Against {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(reference, "reference");
  }

  /** Another window of the same version. */
  public static Against window(SelectedWindow w) {
    return new Against("window", "window:" + Instant.ofEpochMilli(w.start()), wrap(w), w);
  }

  /** The window of another version. */
  public static Against version(SelectedWindow w) {
    return new Against("version", PredictionDrift.version(w.version()), wrap(w), w);
  }

  public static Against reference(ReferenceProfile r) {
    return new Against("reference", PredictionDrift.REFERENCE, r, null);
  }

  /**
   * The reference of {@code model/version} among the latest values of the reference topic: key
   * {@code model/version}, else {@code model/*}, as the processor looks it up.
   *
   * @throws CompareException when neither key has a reference, listing the model's references
   */
  public static Against reference(String topic, Map<String, byte[]> references, String model, String version) {
    String key = ReferenceProfile.topicKey(model, version);
    byte[] bytes = references.get(key);
    if (bytes == null) {
      key = ReferenceProfile.topicKey(model, ReferenceProfile.ALL_VERSIONS);
      bytes = references.get(key);
    }
    if (bytes == null) {
      TreeSet<String> keys = new TreeSet<>();
      references.forEach((k, v) -> {
        if (k.startsWith(model + "/") && v != null) {
          keys.add(k);
        }
      });
      throw new CompareException("no reference " + ReferenceProfile.topicKey(model, version) + " or " + key + " on " + topic
          + (keys.isEmpty() ? "; the model has none" : "; references of " + model + " there: " + String.join(", ", keys)));
    }
    try {
      return reference(ReferenceCodec.decode(bytes));
    } catch (ProfileFormatException e) {
      throw new CompareException("reference " + key + " on " + topic + " cannot be decoded: " + e.getMessage());
    }
  }

  /** A window as a reference; like an automatic reference, it was built from traffic. */
  private static ReferenceProfile wrap(SelectedWindow w) {
    return new ReferenceProfile(w.key(), ReferenceKind.AUTO, w.model(), w.version(), w.end(), w.profile());
  }
}
