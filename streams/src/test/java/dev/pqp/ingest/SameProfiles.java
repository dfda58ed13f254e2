package dev.pqp.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.event.Event;
import dev.pqp.event.ModelEvent;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;

/**
 * Profiles the events two readers made of the same records, each into its own {@link WindowProfile}, and checks
 * after every event that the two profiles encode to the same bytes: one event alone, and the run of events so far.
 * The run starts again after {@value #RUN} events, and its KLL k and feature cap are past what a run reaches: past
 * them the bytes depend on the order a record's features come in (KLL's compactions draw from one Random shared by
 * all sketches; the feature cap keeps the names met first), which is a map's order on one side and the record's on
 * the other.
 */
final class SameProfiles {
  private static final int RUN = 200;
  private static final ProfileConfig CONFIG = ProfileConfig.DEFAULT.withKllK(4_096).withMaxFeatures(1 << 20);
  /** Answers that depend on the feature and the value, and bins for some features, so that every count is used. */
  static final FeatureBounds BOUNDS = new FeatureBounds() {
    @Override
    public boolean outOfRange(String feature, double value) {
      return Math.abs(value) > 3 + feature.length();
    }

    @Override
    public boolean unseen(String feature, String category) {
      return Math.floorMod(category.hashCode() * 31 + feature.hashCode(), 3) == 0;
    }

    @Override
    public double[] binEdges(String feature) {
      return feature.hashCode() % 2 == 0 ? new double[] {-2, -1, 0, 1, 2} : null;
    }
  };

  private WindowProfile first = new WindowProfile(CONFIG);
  private WindowProfile second = new WindowProfile(CONFIG);
  private int events;

  /** Profiles {@code a} and {@code b} (equal events, or not model events) and compares. */
  void check(Event a, Event b, String what) {
    if (!(a instanceof ModelEvent ma) || !(b instanceof ModelEvent mb)) {
      return;
    }
    assertThat(bytes(profile(ma))).as("the profile of the event of %s, read two ways", what)
        .isEqualTo(bytes(profile(mb)));
    if (++events > RUN) {
      first = new WindowProfile(CONFIG);
      second = new WindowProfile(CONFIG);
      events = 1;
    }
    first.add(ma, IngestFixtures.NOW, BOUNDS, false);
    second.add(mb, IngestFixtures.NOW, BOUNDS, false);
    assertThat(bytes(first)).as("the profile of the last %d events, up to that of %s, read two ways", events, what)
        .isEqualTo(bytes(second));
  }

  private static WindowProfile profile(ModelEvent e) {
    WindowProfile p = new WindowProfile(CONFIG);
    p.add(e, IngestFixtures.NOW, BOUNDS, false);
    return p;
  }

  private static byte[] bytes(WindowProfile p) {
    return ProfileCodec.encode(p);
  }
}
