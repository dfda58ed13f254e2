package dev.pqp.cli;

import dev.pqp.stats.DriftCalibration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pqp calibrate}: false-positive rate and detection of every drift method at its default threshold. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Measure every drift method at its default threshold: the share of stationary windows it flags",
      "(false positives) and whether it flags a 0.5-sigma mean shift in the first window, on synthetic data."})
final class CalibrateCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "20240601", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--windows", defaultValue = "500", description = "stationary windows (default: ${DEFAULT-VALUE})")
  int windows;

  @Option(names = "--events", defaultValue = "10000", description = "events per window (default: ${DEFAULT-VALUE})")
  int events;

  @Override
  public Integer call() {
    if (windows < 1 || events < 10) {
      throw new dev.pqp.config.ConfigException("--windows must be ≥ 1 and --events ≥ 10");
    }
    System.out.println(DriftCalibration.run(seed, windows, events));
    return 0;
  }
}
