package dev.pqp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's table of settings is `pqp settings --markdown`: it cannot drift from the settings' definitions. */
class SettingsCommandTest {
  @Test
  void shouldBeTheTableOfTheReadme() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String table = SettingsCommand.markdown(SettingsCommand.keys(null));
    int at = readme.indexOf("| setting | environment | default | meaning |");
    assertThat(at).as("the README's settings table").isNotNegative();
    String documented = readme.substring(at, readme.indexOf("\n\n", at) + 1);
    assertThat(documented).as("README's table = `pqp settings --markdown`").isEqualTo(table);
  }

  @Test
  void shouldFilterByKey() {
    assertThat(SettingsCommand.keys("compare.")).extracting(k -> k.key())
        .containsExactly("compare.versions", "compare.lower-is-better", "compare.alpha");
  }
}
