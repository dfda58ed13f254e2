package dev.pqp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The settings table of docs/configuration.md is `pqp settings --markdown`: it cannot drift from the settings'
 * definitions, and every setting ({@code ConfigKey}) is documented there.
 */
class SettingsCommandTest {
  @Test
  void shouldBeTheTableOfTheConfigurationDoc() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    String table = SettingsCommand.markdown(SettingsCommand.keys(null));
    int at = doc.indexOf("| setting | environment | default | meaning |");
    assertThat(at).as("the settings table of docs/configuration.md").isNotNegative();
    String documented = doc.substring(at, doc.indexOf("\n\n", at) + 1);
    assertThat(documented).as("docs/configuration.md's table = `pqp settings --markdown`").isEqualTo(table);
  }

  @Test
  void shouldFilterByKey() {
    assertThat(SettingsCommand.keys("compare.")).extracting(k -> k.key())
        .containsExactly("compare.versions", "compare.lower-is-better", "compare.alpha");
  }
}
