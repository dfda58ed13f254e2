package dev.pqp.app;

import dev.pqp.config.PqpConfig.LogFormat;
import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Switches Log4j between the two configurations in the jar: {@code log4j2.xml} (lines for people) and
 * {@code log4j2-json.xml} (one JSON object per line). A {@code -Dlog4j2.configurationFile} given by the user
 * wins over both: pqp then leaves the logging alone.
 */
public final class LogFormats {
  private LogFormats() {}

  public static void apply(LogFormat format) {
    if (System.getProperty("log4j2.configurationFile") != null) {
      return;
    }
    URL config = LogFormats.class.getResource(format == LogFormat.JSON ? "/log4j2-json.xml" : "/log4j2.xml");
    if (config == null) {
      throw new IllegalStateException("the log configuration for " + format + " is missing from the jar");
    }
    try {
      if (!config.toURI().equals(((LoggerContext) LogManager.getContext(false)).getConfigLocation())) {
        Configurator.reconfigure(config.toURI());
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
