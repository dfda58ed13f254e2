#!/usr/bin/env python3
"""Publishes prediction events to pqp, then their ground-truth labels and business outcomes.

What a Python model server copies: one JSON event per prediction on ml.predictions, keyed by its prediction_id; later,
when the truth is known, one event on ml.ground-truth keyed by the same prediction_id with the true label, and events
with the business outcomes it led to (a click, a conversion and what it was worth) in their `outcomes` map. The
contract of these events is docs/integrating.md. Here the model is a toy and the truth is made up; in production the
labels and outcomes come from other systems, hours or days later, through the same producer code.

It prints what it sent as one JSON line and exits with 1 if any record was not delivered. Needs confluent-kafka
(pip install confluent-kafka, or Debian's python3-confluent-kafka).

    produce_predictions.py --bootstrap-servers localhost:9092 --count 1000 --label-delay 5
"""
import argparse
import json
import math
import random
import sys
import time
import uuid

from confluent_kafka import Producer


def now_ms():
    return int(time.time() * 1000)


def predict(rng):
    """A toy binary model: some features and the probability of the positive class ("1")."""
    features = {"income": round(rng.lognormvariate(10.8, 0.4), 2), "age": rng.randint(18, 80),
                "policy_type": rng.choice(["basic", "plus", "premium"]), "has_prior_claims": rng.random() < 0.2}
    if rng.random() < 0.05:
        features["income"] = None  # a missing value: null (or leave the feature out)
    z = -1.0 + 0.03 * (features["age"] - 45) + (1.5 if features["has_prior_claims"] else 0.0)
    return features, 1.0 / (1.0 + math.exp(-z))


class Delivery:
    """Counts the records the broker acknowledged and those it did not (each with its error on stderr)."""

    def __init__(self):
        self.delivered = 0
        self.failed = 0

    def __call__(self, err, msg):
        if err is not None:
            self.failed += 1
            print("not delivered to %s: %s" % (msg.topic(), err), file=sys.stderr)
        else:
            self.delivered += 1


def send(producer, topic, event, on_delivery):
    """Key = prediction_id, so that a prediction and everything that comes for it share a partition."""
    while True:
        try:
            producer.produce(topic, key=event["prediction_id"], value=json.dumps(event), on_delivery=on_delivery)
            break
        except BufferError:  # the local queue is full: let it drain
            producer.poll(1.0)
    producer.poll(0)  # serves the delivery callbacks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", default="localhost:9092")
    parser.add_argument("--predictions-topic", default="ml.predictions")
    parser.add_argument("--ground-truth-topic", default="ml.ground-truth")
    parser.add_argument("--model-name", default="claims-risk")
    parser.add_argument("--model-version", default="v2")
    parser.add_argument("--count", type=int, default=1000, help="predictions to send")
    parser.add_argument("--label-delay", type=float, default=5.0, help="seconds before the labels and outcomes")
    args = parser.parse_args()

    producer = Producer({
        "bootstrap.servers": args.bootstrap_servers,
        "enable.idempotence": True,  # no duplicates or reordering when the client retries
        "acks": "all",  # what idempotence requires: every in-sync replica has the record
        "compression.type": "lz4",
        "linger.ms": 20,  # batches records for 20 ms: far fewer requests, no latency a model server notices
        "client.id": "model-server-%s-%s" % (args.model_name, args.model_version),
    })
    delivery = Delivery()
    rng = random.Random()
    sent = {"predictions": 0, "labels": 0, "outcomes": {"click": 0, "conversion": 0}}

    # 1. One event per prediction, as the model server answers.
    scores = {}
    for _ in range(args.count):
        prediction_id = str(uuid.uuid4())
        started = time.perf_counter()
        features, score = predict(rng)
        event = {
            "prediction_id": prediction_id,
            "model_name": args.model_name,
            "model_version": args.model_version,
            "timestamp": now_ms(),  # event time, epoch milliseconds
            "features": features,
            "prediction": {"score": round(score, 6), "label": "1" if score >= 0.5 else "0"},
            "latency_ms": round((time.perf_counter() - started) * 1000, 3),  # the time the model took
            "status": "success",
            "route": "/%s/score" % args.model_version,
        }
        send(producer, args.predictions_topic, event, delivery)
        scores[prediction_id] = score
        sent["predictions"] += 1
    producer.flush()

    # 2. Later, the truth: a label per prediction, and an event per business outcome when it happens.
    time.sleep(args.label_delay)
    for prediction_id, score in scores.items():
        label = "1" if rng.random() < score else "0"
        send(producer, args.ground_truth_topic,
             {"prediction_id": prediction_id, "timestamp": now_ms(), "label": label}, delivery)
        sent["labels"] += 1
        if rng.random() < 0.3:  # the customer clicked: an outcome worth 1
            send(producer, args.ground_truth_topic,
                 {"prediction_id": prediction_id, "timestamp": now_ms(), "outcomes": {"click": 1}}, delivery)
            sent["outcomes"]["click"] += 1
            if rng.random() < 0.3:  # and bought: the outcome's value is the amount
                send(producer, args.ground_truth_topic, {"prediction_id": prediction_id, "timestamp": now_ms(),
                                                          "outcomes": {"conversion": round(rng.uniform(10, 100), 2)}},
                     delivery)
                sent["outcomes"]["conversion"] += 1

    undelivered = producer.flush(30)  # waits for every acknowledgement; returns what is still queued
    sent["failed"] = delivery.failed + undelivered
    print(json.dumps(sent), flush=True)
    return 1 if sent["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
