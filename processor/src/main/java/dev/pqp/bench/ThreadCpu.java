package dev.pqp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of a set of threads, by name. Other load on the machine stretches wall time but hardly CPU
 * time, so CPU per event compares runs of a shared machine better than events/s do.
 */
final class ThreadCpu {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  /** CPU nanoseconds so far of each live thread whose name contains {@code namePart}, by thread id. */
  static Map<Long, Long> snapshot(String namePart) {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo t : MX.getThreadInfo(MX.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains(namePart)) {
        long ns = MX.getThreadCpuTime(t.getThreadId());
        if (ns >= 0) {
          out.put(t.getThreadId(), ns);
        }
      }
    }
    return out;
  }

  /** CPU nanoseconds spent between two snapshots (threads born in between count from zero). */
  static long between(Map<Long, Long> before, Map<Long, Long> after) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  static long currentThread() {
    return MX.getCurrentThreadCpuTime();
  }
}
