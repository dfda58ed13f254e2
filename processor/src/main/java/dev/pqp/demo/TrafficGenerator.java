package dev.pqp.demo;

import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.Prediction;
import dev.pqp.schema.PredictionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Generates the demo's records in event-time order: predictions of claims-risk v1 (80%) and v2 (20%),
 * ground truth for 90% of them 30 s to 5 min later, and bad records at {@code badRate}; business outcomes on
 * the ground-truth topic too: a click on 30% of the predictions 2 to 20 s after them, and for 30% of the clicks a
 * conversion 30 s to 2 min later, its value the revenue, but for only 5% of v2's clicks once the traffic drifted (the
 * challenger converts worse on the new population). The same seed and the same sequence of event times give the
 * same records.
 */
public final class TrafficGenerator {
  /** Which input topic a record belongs on. */
  public enum Kind { PREDICTION, GROUND_TRUTH }

  /** One record to publish. {@code bad} marks a record made to be rejected. */
  public record Out(Kind kind, String key, byte[] value, long timestampMs, boolean bad) {}

  private static final BadRecords[] BAD = BadRecords.values();

  private final SplittableRandom random;
  private final long driftAtMs;
  private final double badRate;
  private final EventEncoder encoder;
  private final String predictionsTopic;
  private final String groundTruthTopic;
  private final PriorityQueue<GroundTruthEvent> pendingLabels =
      new PriorityQueue<>((a, b) -> Long.compare(a.getTimestamp(), b.getTimestamp()));
  private long sequence;
  private int badCount;

  public TrafficGenerator(long seed, long driftAtMs, double badRate, EventEncoder encoder, String predictionsTopic,
      String groundTruthTopic) {
    this.random = new SplittableRandom(seed);
    this.driftAtMs = driftAtMs;
    this.badRate = badRate;
    this.encoder = encoder;
    this.predictionsTopic = predictionsTopic;
    this.groundTruthTopic = groundTruthTopic;
  }

  /** The labels that fall due up to {@code nowMs}, then one prediction (or bad record) at {@code eventTimeMs}. */
  public List<Out> next(long eventTimeMs) {
    List<Out> out = new ArrayList<>(2);
    out.addAll(labelsDue(eventTimeMs));
    String id = "p-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE) + "-" + (sequence++);
    if (random.nextDouble() < badRate) {
      BadRecords kind = BAD[badCount++ % BAD.length];
      out.add(new Out(Kind.PREDICTION, id, kind.make(random, id, eventTimeMs), eventTimeMs, true));
      return out;
    }
    PredictionEvent p = prediction(id, eventTimeMs);
    out.add(new Out(Kind.PREDICTION, id, encoder.prediction(predictionsTopic, p), eventTimeMs, false));
    if (random.nextDouble() < 0.9) {
      long delay = 30_000 + random.nextLong(270_000);
      String truth = random.nextDouble() < p.getPrediction().getScore() ? "1" : "0";
      pendingLabels.add(GroundTruthEvent.newBuilder().setPredictionId(id).setTimestamp(eventTimeMs + delay).setLabel(truth).build());
    }
    businessOutcomes(id, eventTimeMs, "v2".equals(p.getModelVersion()) && eventTimeMs >= driftAtMs);
    return out;
  }

  /** A click, and after it maybe a conversion with its revenue, each its own ground-truth event. */
  private void businessOutcomes(String id, long eventTimeMs, boolean worse) {
    if (random.nextDouble() >= 0.3) {
      return;
    }
    long click = eventTimeMs + 2_000 + random.nextLong(18_000);
    pendingLabels.add(GroundTruthEvent.newBuilder().setPredictionId(id).setTimestamp(click)
        .setOutcomes(Map.of("click", 1.0)).build());
    if (random.nextDouble() < (worse ? 0.05 : 0.3)) {
      double revenue = Math.round(Math.exp(4.5 + 0.6 * random.nextGaussian()) * 100) / 100.0;
      pendingLabels.add(GroundTruthEvent.newBuilder().setPredictionId(id).setTimestamp(click + 30_000
          + random.nextLong(90_000)).setOutcomes(Map.of("conversion", revenue)).build());
    }
  }

  /** Ground truth whose arrival time is at or before {@code nowMs}, oldest first. */
  public List<Out> labelsDue(long nowMs) {
    List<Out> out = new ArrayList<>();
    while (!pendingLabels.isEmpty() && pendingLabels.peek().getTimestamp() <= nowMs) {
      GroundTruthEvent g = pendingLabels.poll();
      out.add(new Out(Kind.GROUND_TRUTH, g.getPredictionId(), encoder.groundTruth(groundTruthTopic, g), g.getTimestamp(), false));
    }
    return out;
  }

  private PredictionEvent prediction(String id, long ts) {
    boolean drifted = ts >= driftAtMs;
    boolean v2 = random.nextDouble() < 0.2;
    Map<String, Object> features = ClaimsRisk.features(random, drifted);
    double score = ClaimsRisk.score(features, random);
    if (drifted) { // the new population lies where the model is unsure: its logit halves (accuracy ~0.75 -> ~0.62)
      double logit = Math.log(score / (1 - score));
      score = 1 / (1 + Math.exp(-(0.5 * logit + 0.3)));
    }
    score = Math.round(score * 1e6) / 1e6;
    boolean error = random.nextDouble() < 0.01;
    return PredictionEvent.newBuilder()
        .setPredictionId(id)
        .setModelName(ClaimsRisk.MODEL)
        .setModelVersion(v2 ? "v2" : "v1")
        .setTimestamp(ts)
        .setFeatures(features)
        .setPrediction(Prediction.newBuilder().setScore(score).setLabel(score >= 0.5 ? "1" : "0").build())
        .setLatencyMs(Math.round(Math.exp(3 + 0.4 * random.nextGaussian()) * 10) / 10.0)
        .setStatus(error ? "error" : "success")
        .setRoute(v2 ? "/v2/score" : "/v1/score")
        .build();
  }
}
