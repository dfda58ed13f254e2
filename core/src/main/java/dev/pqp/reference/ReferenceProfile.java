package dev.pqp.reference;

import dev.pqp.profile.WindowProfile;
import java.util.Objects;

/**
 * A reference for one model version (or, with version {@code *}, for every version of the model).
 *
 * @param id a stable identifier shown in outputs (for example the training file and its date)
 * @param createdMs when it was built, epoch millis
 */
public record ReferenceProfile(
    String id, ReferenceKind kind, String modelName, String modelVersion, long createdMs, WindowProfile profile) {
  public static final String ALL_VERSIONS = dev.pqp.event.ModelEvent.ALL_VERSIONS;

  public ReferenceProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(profile, "profile");
  }

  /** The key on the reference topic: {@code model/version} or {@code model/*}. */
  public String topicKey() {
    return topicKey(modelName, modelVersion);
  }

  public static String topicKey(String model, String version) {
    return model + "/" + version;
  }
}
