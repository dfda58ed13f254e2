package dev.pqp.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop with a status: on either, the JVM runs its shutdown hooks;
 * this one wakes the command (which closes the processor, leaving the consumer group so the other instances
 * take its partitions at once), waits for the status it {@link #finished reports} and ends the JVM with it,
 * 0 after a clean close. Left alone, the JVM would exit 143 after a SIGTERM whatever the close did.
 */
final class StopSignals {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Integer status;

  private StopSignals() {}

  /** Installs the hook; {@code grace} bounds how long it waits for the command after a signal. */
  static StopSignals install(Duration grace) {
    StopSignals s = new StopSignals();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      s.stop.countDown();
      try {
        if (s.finished.await(grace.toMillis(), TimeUnit.MILLISECONDS) && s.status != null) {
          Runtime.getRuntime().halt(s.status);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // past the grace: the JVM ends with its own status once the hooks are done
    }, "pqp-stop"));
    return s;
  }

  /** Blocks until a signal (or the JVM's exit) asks to stop. */
  void await() throws InterruptedException {
    stop.await();
  }

  /** The command's status, which the JVM exits with when a signal stopped it. */
  void finished(int commandStatus) {
    this.status = commandStatus;
    finished.countDown();
  }

  /** The command ends without a status (it failed): the hook lets the JVM exit with its own, at once. */
  void abandoned() {
    finished.countDown();
  }
}
