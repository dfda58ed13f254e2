package dev.pqp.cli;

import dev.pqp.drift.VerdictCalibration;
import dev.pqp.stats.DriftCalibration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pqp calibrate}: the false-alarm and detection rates of every drift method's verdicts at the default
 * settings, per window size; with {@code --statistics}, each statistic against its threshold alone.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Measure every drift method's verdicts at the default settings, on synthetic data: the share of",
      "windows drawn from the reference's distribution that are flagged (false alarms) and the share flagged after a",
      "0.25, 0.5 and 1 sigma mean shift (numeric) or a 2.5, 5 and 10 point share change (categorical), at 100, 300,",
      "1,000, 10,000 and 100,000 events per window."})
final class CalibrateCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "20240601", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--windows", defaultValue = "200",
      description = "unchanged windows per size (default: ${DEFAULT-VALUE}; with --statistics: 500)")
  Integer windows;

  @Option(names = "--changed", defaultValue = "50", description = "changed windows per size and change (default: "
      + "${DEFAULT-VALUE})")
  int changed;

  @Option(names = {"--statistics"}, description = "instead, each statistic against its method's threshold alone, "
      + "on windows of --events events")
  boolean statistics;

  @Option(names = "--events", defaultValue = "10000", description = "events per window of --statistics (default: "
      + "${DEFAULT-VALUE})")
  int events;

  @Override
  public Integer call() {
    if (windows < 1 || changed < 1 || events < 10) {
      throw new dev.pqp.config.ConfigException("--windows and --changed must be ≥ 1 and --events ≥ 10");
    }
    System.out.println(statistics ? DriftCalibration.run(seed, windows == 200 ? 500 : windows, events)
        : VerdictCalibration.run(seed, windows, changed));
    return 0;
  }
}
