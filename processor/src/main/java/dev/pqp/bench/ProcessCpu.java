package dev.pqp.bench;

import java.util.Map;

/** The whole process's CPU at one moment, with its JIT and GC threads' share ({@link NativeThreadCpu}). */
record ProcessCpu(long nanos, Map<String, long[]> nativeThreads) {
  /** Before any mark: nothing spent. */
  static final ProcessCpu ZERO = new ProcessCpu(0, Map.of());

  static ProcessCpu now() {
    return new ProcessCpu(RunResult.processCpuNow(), NativeThreadCpu.snapshot());
  }

  /** What was spent from {@code before} to now: {@code long[] {process, jit, gc}} in nanoseconds. */
  static long[] since(ProcessCpu before) {
    ProcessCpu now = now();
    long[] jitGc = NativeThreadCpu.between(before.nativeThreads, now.nativeThreads);
    return new long[] {now.nanos - before.nanos, jitGc[0], jitGc[1]};
  }
}
