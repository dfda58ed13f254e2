#!/usr/bin/env python3
"""Reads every derived topic of pqp into Python dicts.

Each record pqp derives carries two headers that say what it is: pqp.record.type (the Avro schema's full name,
e.g. dev.pqp.schema.FeatureDrift) and pqp.format (json, avro-confluent, avro-single-object, or pqp-profile). This
reader picks its decoder from them: JSON (output.format=json) needs nothing beyond confluent-kafka; Avro needs
fastavro and the .avsc files of pqp's schemas/ (--schemas); the window profiles of ml.quality.profiles are pqp's own
binary form, which `pqp compare` and the HTTP /api/ routes read for you, so they are given as their size; for their
content, `pqp profile --model M --version V --window T` (or --all-windows) prints them as JSON lines.

It prints one JSON object per record: topic, key, type, format and the decoded value, and stops once no record
came for --idle seconds. Needs confluent-kafka (pip install confluent-kafka, or Debian's python3-confluent-kafka).

    read_derived_topics.py --bootstrap-servers localhost:9092
"""
import argparse
import io
import json
import os
import sys
import time

from confluent_kafka import Consumer, KafkaException

TOPICS = ["ml.quality.feature-drift", "ml.quality.model-window", "ml.quality.performance", "ml.quality.actions",
          "ml.quality.comparisons", "ml.quality.profiles"]


def header(msg, name):
    for key, value in msg.headers() or []:
        if key == name:
            return value.decode("utf-8")
    return None


class AvroDecoder:
    """Decodes pqp's Avro records with fastavro, from the schemas pqp ships (schemas/src/main/avro)."""

    def __init__(self, schema_dir):
        import fastavro  # only when a topic is written as Avro
        self.fastavro = fastavro
        self.schemas = {}
        for name in os.listdir(schema_dir):
            if name.endswith(".avsc"):
                with open(os.path.join(schema_dir, name)) as f:
                    schema = json.load(f)
                self.schemas[schema["namespace"] + "." + schema["name"]] = fastavro.parse_schema(schema)

    def decode(self, record_type, data, fmt):
        # single-object encoding: C3 01 and an 8-byte fingerprint; Confluent framing: 0 and a 4-byte schema id
        body = data[10:] if fmt == "avro-single-object" else data[5:]
        return self.fastavro.schemaless_reader(io.BytesIO(body), self.schemas[record_type])


def decode(msg, avro):
    record_type, fmt = header(msg, "pqp.record.type"), header(msg, "pqp.format")
    data = msg.value()
    if data is None:
        value = None
    elif fmt == "json":
        value = json.loads(data)
    elif fmt in ("avro-single-object", "avro-confluent"):
        value = avro().decode(record_type, data, fmt)
    else:  # pqp-profile: pqp's binary form; `pqp profile --model M --version V --window T` prints it as JSON
        value = {"bytes": len(data)}
    return {"topic": msg.topic(), "key": msg.key().decode("utf-8") if msg.key() else None, "type": record_type,
            "format": fmt, "value": value}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topics", default=",".join(TOPICS), help="comma-separated (default: every derived topic)")
    parser.add_argument("--group", default="pqp-derived-reader-%d" % os.getpid())
    parser.add_argument("--schemas", default=os.path.join(os.path.dirname(__file__), "..", "..", "schemas", "src",
                                                          "main", "avro"), help="directory of pqp's .avsc files")
    parser.add_argument("--idle", type=float, default=10.0, help="stop after this many seconds without a record")
    args = parser.parse_args()

    avro_decoder = []

    def avro():
        if not avro_decoder:
            avro_decoder.append(AvroDecoder(args.schemas))
        return avro_decoder[0]

    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",  # pqp writes in transactions: read only what it committed
    })
    consumer.subscribe(args.topics.split(","))
    last = time.monotonic()
    try:
        while time.monotonic() - last < args.idle:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() == -191:  # _PARTITION_EOF
                    continue
                raise KafkaException(msg.error())
            last = time.monotonic()
            print(json.dumps(decode(msg, avro)), flush=True)
    finally:
        consumer.close()


if __name__ == "__main__":
    sys.exit(main())
