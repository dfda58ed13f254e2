package dev.pqp.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * One measured run of the end-to-end benchmark.
 *
 * @param events input records consumed
 * @param seconds from the first record seen to the last record processed
 * @param committedSeconds from the first record to all input offsets committed (pqp only, else NaN)
 * @param cpuNanos CPU time of the system's own working threads over the second half of the records (steady
 *     state, JIT mostly done): the stream threads and their Kafka clients' threads for pqp, the consumer thread
 *     for the baseline
 * @param processCpuNanos CPU time of the whole process over the same span: every thread, GC and JIT included
 *     (the system runs in a JVM of its own, {@link ChildRun})
 * @param cpuEvents the events that span processed (predictions, with the join: the share of them)
 * @param state what the run's state holds per key
 * @param changelogs pqp's changelog topics, read back after the run (empty for the baseline)
 * @param heapUsedBytes heap used after a full GC at the end of the run, state still live (the system's own
 *     JVM)
 * @param join what the ground-truth join did, or null when it did not run
 * @param peakRssBytes the process's peak resident memory (VmHWM), or -1 where the OS does not tell
 * @param jitNanos CPU time of the JIT compiler threads over the span of {@code processCpuNanos} ({@link
 *     NativeThreadCpu}; 0 where the OS does not tell)
 * @param gcNanos CPU time of the garbage collector's threads over the same span
 */
public record RunResult(String system, long events, double seconds, double committedSeconds, long cpuNanos,
    long processCpuNanos, double cpuEvents, StateSize state,
    List<StateSize> changelogs, long heapUsedBytes, Join join, long peakRssBytes, long jitNanos, long gcNanos) {

  /** The same result under another name, e.g. with its input format. */
  public RunResult named(String name) {
    return new RunResult(name, events, seconds, committedSeconds, cpuNanos, processCpuNanos, cpuEvents, state, changelogs,
        heapUsedBytes, join, peakRssBytes, jitNanos, gcNanos);
  }

  public double eventsPerSecond() {
    return events / seconds;
  }

  /** Whole-process CPU microseconds per event. */
  public double cpuMicrosPerEvent() {
    return processCpuNanos / 1000.0 / cpuEvents;
  }

  /** CPU microseconds per event of the JIT compiler threads. */
  public double jitMicrosPerEvent() {
    return jitNanos / 1000.0 / cpuEvents;
  }

  /** CPU microseconds per event of the garbage collector's threads. */
  public double gcMicrosPerEvent() {
    return gcNanos / 1000.0 / cpuEvents;
  }

  /** CPU microseconds per event of the working threads alone. */
  public double threadCpuMicrosPerEvent() {
    return cpuNanos / 1000.0 / cpuEvents;
  }

  /** This process's peak resident memory, VmHWM from /proc (Linux), or -1. */
  static long peakRssNow() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  /** CPU nanoseconds of this whole process so far (all threads), or -1 where the JVM cannot tell. */
  static long processCpuNow() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /**
   * Sizes of one kind of state.
   *
   * @param keys distinct keys
   * @param values values written (a changelog holds several per key)
   * @param bytesPerKey mean over keys of the largest value written for the key
   * @param maxBytes largest value
   * @param totalBytes every value written
   */
  public record StateSize(String name, long keys, long values, long bytesPerKey, long maxBytes, long totalBytes) {}

  /**
   * The ground-truth join's figures of a run.
   *
   * @param outcomes labels joined with their prediction (matched and early matched)
   * @param pending predictions in the join's store at the end: the live keys of its changelog
   * @param diskBytes the RocksDB files of the join's two segmented stores in the state directory, after pqp
   *     closed (what the local disk holds right after the run)
   * @param changelogBytes key and value bytes of the live entries of those two stores' changelogs (what a
   *     compacted changelog holds, per replica)
   * @param compactedDiskBytes the same RocksDB files once each was compacted ({@link StoreFiles#compact}): what
   *     the disk holds in a store that has run long enough for RocksDB to compact what it wrote twice
   */
  public record Join(long outcomes, long pending, long diskBytes, long changelogBytes, long compactedDiskBytes) {
    public double diskBytesPerPending() {
      return pending == 0 ? Double.NaN : (double) diskBytes / pending;
    }

    public double compactedDiskBytesPerPending() {
      return pending == 0 ? Double.NaN : (double) compactedDiskBytes / pending;
    }

    public double changelogBytesPerPending() {
      return pending == 0 ? Double.NaN : (double) changelogBytes / pending;
    }
  }

  /** Outcomes per second of the run, or NaN without the join. */
  public double outcomesPerSecond() {
    return join == null ? Double.NaN : join.outcomes() / seconds;
  }

  /** Heap used after asking for a full GC twice. */
  static long heapUsedAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
