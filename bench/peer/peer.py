#!/usr/bin/env python3
"""The batch peer of `pqp bench`: the job users run today instead of pqp.

It reads N prediction events from a Kafka topic, keeps the raw rows of each (model, version, window),
builds one pandas frame per window and computes per-feature drift statistics against a reference with
scipy, the way Evidently's drift preset does:

  numeric      KS two-sample statistic and p-value, Wasserstein distance, PSI over the reference's deciles,
               Jensen-Shannon distance (base 2) over the same bins
  categorical  chi-square statistic and p-value, PSI and Jensen-Shannon distance over category frequencies
               (booleans are categorical)
  every one    count, missing count; the mean of numeric and boolean features

The reference of a version is its first window (the earliest window start), kept as raw rows; every window,
the first one included, is compared with it.

Prints exactly one JSON line on stdout at the end; messages go to stderr. Exit code 2 when a Python package
is missing, 1 when the topic does not yield N records in time.

Clock and CPU: from the first record received to the last window computed (reading, JSON parsing and
computing), like pqp bench's own figures; cpu is user+sys of the whole process (all threads, librdkafka's
included) from resource.getrusage over that span; cpu_total_s adds the interpreter's start and imports.
peak_rss_mb is VmHWM (see peak_rss_mb()); ru_maxrss_mb is printed beside it.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

MISSING = {
    "numpy": "python3-numpy",
    "pandas": "python3-pandas",
    "scipy": "python3-scipy",
    "confluent_kafka": "python3-confluent-kafka",
}

try:
    import numpy as np
    import pandas as pd
    from scipy import stats
    from scipy.spatial import distance
    from confluent_kafka import Consumer, KafkaException, TopicPartition, OFFSET_BEGINNING
except ImportError as e:  # a clear reason, and the Debian package that brings the module
    module = (e.name or "").split(".")[0]
    print("peer.py: Python module %s is missing; install it with: apt-get install -y --no-install-recommends %s"
          % (module, MISSING.get(module, "python3-" + module)), file=sys.stderr)
    sys.exit(2)

NUMERIC = ["age", "income", "credit_score", "account_age_days", "txn_count_30d", "avg_txn_amount", "balance",
           "debt_to_income", "utilization", "days_since_login", "session_seconds", "page_views", "distance_km",
           "device_risk"]
CATEGORICAL = ["country", "device_type", "acquisition_channel", "product_category"]
BOOLEAN = ["is_returning_customer", "has_two_factor_auth"]
FEATURES = NUMERIC + CATEGORICAL + BOOLEAN
EPS = 1e-4  # Evidently's floor for an empty bin's share in PSI


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_rss_mb():
    """This process's peak resident set: VmHWM of /proc/self/status, which belongs to the process's own memory.

    ru_maxrss is not used where /proc is: Linux carries it across execve, so a peer started by a JVM
    (vfork/posix_spawn) would report the JVM's peak as its own.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def args_parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bootstrap", required=True, help="Kafka bootstrap servers")
    p.add_argument("--topic", required=True)
    p.add_argument("--events", type=int, required=True, help="records to read")
    p.add_argument("--window-ms", type=int, default=60_000)
    p.add_argument("--group", help="consumer group to subscribe with (default: assign every partition from "
                                   "its beginning, no group)")
    p.add_argument("--timeout-s", type=float, default=600.0, help="give up when N records did not come in time")
    p.add_argument("--details", action="store_true",
                   help="add per-window counts, missing counts, means, category counts and statistics")
    return p


def consumer(a):
    conf = {
        "bootstrap.servers": a.bootstrap,
        "group.id": a.group or "pqp-bench-peer-%d" % os.getpid(),
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "fetch.max.bytes": 64 * 1024 * 1024,
        "max.partition.fetch.bytes": 16 * 1024 * 1024,
    }
    c = Consumer(conf)
    if a.group:
        c.subscribe([a.topic])
    else:
        md = c.list_topics(a.topic, timeout=30)
        t = md.topics.get(a.topic)
        if t is None or t.error is not None or not t.partitions:
            raise SystemExit("peer.py: topic %s not found on %s" % (a.topic, a.bootstrap))
        c.assign([TopicPartition(a.topic, p, OFFSET_BEGINNING) for p in sorted(t.partitions)])
    return c


def read(a, clock):
    """Reads N records; returns the raw rows by (model, version, window start), in the order of FEATURES."""
    windows = {}
    seen = 0
    w = a.window_ms
    c = consumer(a)
    deadline = time.monotonic() + a.timeout_s
    try:
        while seen < a.events:
            if time.monotonic() > deadline:
                print("peer.py: read only %d of %d records in %.0f s" % (seen, a.events, a.timeout_s),
                      file=sys.stderr)
                sys.exit(1)
            msgs = c.consume(num_messages=10_000, timeout=0.5)
            if msgs and "t0" not in clock:
                clock["t0"] = time.monotonic()
                clock["cpu0"] = cpu_seconds()
            for m in msgs:
                if m.error() is not None:
                    raise KafkaException(m.error())
                if seen >= a.events:
                    break
                seen += 1
                e = json.loads(m.value())
                f = e["features"]
                ts = e["timestamp"]
                key = (e["model_name"], e["model_version"], ts - ts % w)
                rows = windows.get(key)
                if rows is None:
                    rows = windows[key] = []
                rows.append([f.get(name) for name in FEATURES])
    finally:
        c.close()
    return seen, windows


def psi_js(ref_counts, cur_counts):
    """PSI and Jensen-Shannon distance (base 2) of two aligned count vectors; PSI floors empty shares."""
    r = ref_counts / ref_counts.sum()
    c = cur_counts / cur_counts.sum()
    rp = np.where(r == 0, EPS, r)
    cp = np.where(c == 0, EPS, c)
    psi = float(np.sum((cp - rp) * np.log(cp / rp)))
    return psi, float(distance.jensenshannon(r, c, base=2))


def numeric_stats(ref, cur):
    if len(ref) == 0 or len(cur) == 0:
        return {}
    ks = stats.ks_2samp(ref, cur)
    edges = np.unique(np.quantile(ref, np.linspace(0.0, 1.0, 11)))
    edges[0], edges[-1] = -np.inf, np.inf
    rc, _ = np.histogram(ref, bins=edges)
    cc, _ = np.histogram(cur, bins=edges)
    psi, js = psi_js(rc.astype(float), cc.astype(float))
    return {"ks": float(ks.statistic), "ks_p": float(ks.pvalue),
            "wasserstein": float(stats.wasserstein_distance(ref, cur)), "psi": psi, "js": js}


def categorical_stats(ref_vc, cur_vc):
    if ref_vc.sum() == 0 or cur_vc.sum() == 0:
        return {}
    cats = ref_vc.index.union(cur_vc.index)
    rc = ref_vc.reindex(cats, fill_value=0).to_numpy(dtype=float)
    cc = cur_vc.reindex(cats, fill_value=0).to_numpy(dtype=float)
    psi, js = psi_js(rc, cc)
    shares = np.where(rc == 0, EPS, rc / rc.sum())
    expected = shares / shares.sum() * cc.sum()
    chi = stats.chisquare(cc, f_exp=expected)
    return {"chi2": float(chi.statistic), "chi2_p": float(chi.pvalue), "psi": psi, "js": js}


def frame(rows):
    return pd.DataFrame(rows, columns=FEATURES)


def window_stats(df, ref):
    """Statistics of every feature of window frame df against reference frame ref."""
    out = {}
    for name in FEATURES:
        col = df[name]
        s = {"count": int(col.count()), "missing": int(col.isna().sum())}
        if name in NUMERIC:
            cur = pd.to_numeric(col, errors="coerce").dropna().to_numpy(dtype=float)
            s["mean"] = float(cur.mean()) if len(cur) else None
            s.update(numeric_stats(pd.to_numeric(ref[name], errors="coerce").dropna().to_numpy(dtype=float), cur))
        else:
            vc = col.value_counts()
            if name in BOOLEAN:
                s["mean"] = float(col.dropna().astype(bool).mean()) if s["count"] else None
            s["categories"] = {str(k).lower() if isinstance(k, (bool, np.bool_)) else str(k): int(v)
                               for k, v in vc.items()}
            s.update(categorical_stats(ref[name].value_counts(), vc))
        out[name] = s
    return out


def compute(windows):
    """One frame per window, its reference the first window of its version; statistics per window."""
    refs = {}
    for key in sorted(windows):
        if key[:2] not in refs:
            refs[key[:2]] = (key, frame(windows[key]))
    results = []
    for key in sorted(windows):
        ref_key, ref = refs[key[:2]]
        df = ref if key == ref_key else frame(windows[key])
        results.append({"model_name": key[0], "model_version": key[1], "window_start": key[2], "count": len(df),
                        "features": window_stats(df, ref)})
    return results


def finite(x):
    """NaN and infinities as null: the line must stay strict JSON."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [finite(v) for v in x]
    return x


def main():
    a = args_parser().parse_args()
    if a.events < 1 or a.window_ms < 1:
        print("peer.py: --events and --window-ms must be at least 1", file=sys.stderr)
        return 2
    clock = {}
    print("peer.py: reading %d records of %s from %s" % (a.events, a.topic, a.bootstrap), file=sys.stderr)
    n, windows = read(a, clock)
    t_read = time.monotonic()
    results = compute(windows)
    t_end = time.monotonic()
    cpu = cpu_seconds() - clock["cpu0"]
    out = {
        "events": n,
        "windows": len(results),
        "wall_s": round(t_end - clock["t0"], 3),
        "cpu_s": round(cpu, 3),
        "cpu_us_per_event": round(cpu * 1e6 / n, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "read_s": round(t_read - clock["t0"], 3),
        "compute_s": round(t_end - t_read, 3),
        "cpu_total_s": round(cpu_seconds(), 3),
    }
    if a.details:
        out["details"] = finite(results)
    print(json.dumps(out, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
