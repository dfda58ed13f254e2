package dev.pqp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this process's JIT compiler threads and garbage-collector threads, which {@link ThreadCpu} (Java
 * threads by name) does not see: read from {@code /proc/self/task/<tid>/stat} (Linux; elsewhere zero), in clock
 * ticks of the kernel (10 ms), so that a run's whole-process CPU can be split into its own threads, the JIT and
 * the GC.
 */
final class NativeThreadCpu {
  /** Nanoseconds per clock tick: {@code CLK_TCK} is 100 on every Linux the JVM supports. */
  private static final long TICK_NANOS = 10_000_000L;

  private NativeThreadCpu() {}

  /** CPU so far of the JIT and GC threads, in nanoseconds: {@code long[] {jit, gc}}, by thread id. */
  static Map<String, long[]> snapshot() {
    Map<String, long[]> out = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        long[] cpu = read(task.resolve("stat"));
        if (cpu != null) {
          out.put(task.getFileName().toString(), cpu);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or a thread ended while listed: count what was read
    }
    return out;
  }

  /** JIT and GC nanoseconds between two snapshots (threads born in between count from zero). */
  static long[] between(Map<String, long[]> before, Map<String, long[]> after) {
    long[] sum = new long[2];
    after.forEach((tid, cpu) -> {
      long[] was = before.getOrDefault(tid, new long[2]);
      sum[0] += cpu[0] - was[0];
      sum[1] += cpu[1] - was[1];
    });
    return sum;
  }

  private static long[] read(Path stat) {
    String s;
    try {
      s = Files.readString(stat);
    } catch (IOException e) {
      return null;
    }
    int open = s.indexOf('(');
    int close = s.lastIndexOf(')');
    String name = s.substring(open + 1, close);
    boolean jit = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
    boolean gc = name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread");
    if (!jit && !gc) {
      return null;
    }
    String[] f = s.substring(close + 2).split(" ");
    long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS; // utime + stime
    return jit ? new long[] {nanos, 0} : new long[] {0, nanos};
  }
}
