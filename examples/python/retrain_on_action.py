#!/usr/bin/env python3
"""Starts a retraining pipeline when pqp recommends it.

Reads pqp's ml.quality.actions topic and, for every episode that opens ("state": "opened"), POSTs it once to a
webhook: a CI job, an Argo Events webhook source, an Airflow or Kubeflow trigger. pqp writes an episode's
opening record once under exactly-once, and the same episode_id on every instance and at every replay; this
consumer commits its offset only after the webhook answered, and sends episode_id as the Idempotency-Key, so a
crash between the two repeats a request the receiver can recognise instead of losing one.

pqp writes its derived topics as JSON by default (without a schema registry; output.format=json always); that is
what this example reads. Needs confluent-kafka (pip install confluent-kafka, or Debian's python3-confluent-kafka).

    retrain_on_action.py --bootstrap-servers localhost:9092 --webhook http://ci.example/hooks/retrain
"""
import argparse
import json
import sys
import urllib.request

from confluent_kafka import Consumer, KafkaException


def trigger(webhook, action):
    """POSTs what a retraining pipeline needs to know: which model, why, and the evidence."""
    body = json.dumps({
        "model_name": action["model_name"],
        "model_version": action["model_version"],
        "action": action["action"],
        "episode_id": action["episode_id"],
        "condition": action["condition"],
        "window_start": action["window_start"],
        "window_end": action["window_end"],
        "evidence": action["evidence"],
    }).encode("utf-8")
    request = urllib.request.Request(webhook, data=body, method="POST", headers={
        "Content-Type": "application/json", "Idempotency-Key": action["episode_id"]})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--webhook", required=True, help="URL that starts the pipeline (HTTP POST, JSON body)")
    parser.add_argument("--topic", default="ml.quality.actions")
    parser.add_argument("--group", default="pqp-retrain-trigger")
    parser.add_argument("--action", default="retraining_recommended", help="the action to act on")
    args = parser.parse_args()

    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",  # pqp writes in transactions: read only what it committed
    })
    consumer.subscribe([args.topic])
    try:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            action = json.loads(msg.value())
            if action["state"] == "opened" and action["action"] == args.action:
                trigger(args.webhook, action)
                print("triggered", action["episode_id"], flush=True)
            consumer.commit(message=msg, asynchronous=False)
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()


if __name__ == "__main__":
    sys.exit(main())
