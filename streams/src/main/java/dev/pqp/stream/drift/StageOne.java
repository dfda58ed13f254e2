package dev.pqp.stream.drift;

import dev.pqp.profile.WindowProfile;
import java.util.Map;

/**
 * What a stage-1 task sends to stage 2. Every message carries the sending task's partition
 * ({@code source}); the record timestamp is the task's stream time, which stage 2 keeps per source and
 * model: a window closes when the slowest source passed it. Keyed by model name, but for
 * {@link TaskTick}s, which go to every stage-2 task ({@link #toEveryTask()}). Bytes: {@link StageOneCodec}.
 */
public sealed interface StageOne {
  /** No claim: the task is not idle. */
  long NOT_FLUSHED = Long.MIN_VALUE;

  int source();

  /** Whether the partitioner sends this to every stage-2 task rather than to its model's. */
  default boolean toEveryTask() {
    return false;
  }

  /** Hands this message to the method of {@code handler} for its kind. */
  void deliver(String model, long timestamp, Handler handler);

  /** One method per kind of message: what stage 2 does with each. */
  interface Handler {
    void partial(String model, long timestamp, Partial partial);

    void modelTick(String model, long timestamp, ModelTick tick);

    void taskTick(long timestamp, TaskTick tick);
  }

  /** The partial profile of one version's window, keyed by its model. */
  record Partial(int source, String version, long windowStart, WindowProfile profile) implements StageOne {
    @Override
    public void deliver(String model, long timestamp, Handler handler) {
      handler.partial(model, timestamp, this);
    }
  }

  /**
   * This task's stream time for one model (the record timestamp) and, per version of the model the task has
   * seen, the time of its newest event (for freshness). A tick of an idle task also says up to which
   * wall-clock time it has forwarded every partial ({@code flushedThrough}): a window that ended by then has
   * nothing more to come from it, which is what lets stage 2 close windows by the wall clock without losing
   * a partial.
   */
  record ModelTick(int source, Map<String, Long> newest, long flushedThrough) implements StageOne {
    @Override
    public void deliver(String model, long timestamp, Handler handler) {
      if (model.isEmpty()) {
        // release 0.2 sent its task ticks as model ticks of no model (no model name is empty): read as one
        handler.taskTick(timestamp, new TaskTick(source, flushedThrough));
      } else {
        handler.modelTick(model, timestamp, this);
      }
    }
  }

  /**
   * This task's stream time (the record timestamp) and idle claim for every model, also those it never
   * sent a partial of: sent to every stage-2 task, so that stage 2 knows every source of every model.
   */
  record TaskTick(int source, long flushedThrough) implements StageOne {
    @Override
    public boolean toEveryTask() {
      return true;
    }

    @Override
    public void deliver(String model, long timestamp, Handler handler) {
      handler.taskTick(timestamp, this);
    }
  }
}
