package dev.pqp.topology;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the whole topology on a {@link DriftFixture} in a fresh state directory, closed after each test. */
public abstract class DriftFixtureTest {
  @TempDir
  protected Path stateDir;
  protected DriftFixture f;

  @AfterEach
  void closeFixture() {
    if (f != null) {
      f.close();
    }
  }
}
