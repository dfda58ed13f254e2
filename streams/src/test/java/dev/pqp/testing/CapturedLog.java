package dev.pqp.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The lines one class logs while attached, as "LEVEL message"; close to detach. */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {
  /** The lines so far. */
  public final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger logger;

  private CapturedLog(Class<?> source) {
    super("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    this.logger = (Logger) LogManager.getLogger(source);
  }

  /** Starts capturing what {@code source} logs. */
  public static CapturedLog of(Class<?> source) {
    CapturedLog log = new CapturedLog(source);
    log.start();
    log.logger.addAppender(log);
    return log;
  }

  @Override
  public void append(LogEvent event) {
    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    stop();
  }
}
