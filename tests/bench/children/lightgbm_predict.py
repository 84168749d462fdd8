"""Bench child: single-row predict latency of LightGBM's own Booster.predict, for comparison with our
onnxruntime path. Trains a model of the demo model's shape (FEATURES columns, TREES trees, LEAVES leaves)
on random rows, then times CALLS single-row predictions. Prints one JSON line.
Usage: python3 lightgbm_predict.py FEATURES TREES LEAVES CALLS"""
import json
import sys
import time

import lightgbm as lgb
import numpy as np

features, trees, leaves, calls = (int(a) for a in sys.argv[1:5])
rng = np.random.default_rng(1)
X = rng.normal(size=(50_000, features)).astype(np.float32)
y = (X[:, 0] * 60 + np.abs(X[:, 1]) * 30 + rng.normal(size=50_000) * 20 + 300).astype(np.float32)
booster = lgb.train(
    {"objective": "regression_l1", "num_leaves": leaves, "verbose": -1, "num_threads": 1, "seed": 1},
    lgb.Dataset(X, y),
    num_boost_round=trees,
)
row = X[:1]
for _ in range(200):
    booster.predict(row, num_threads=1)
lat = np.empty(calls)
for i in range(calls):
    t0 = time.perf_counter_ns()
    booster.predict(X[i % 1000 : i % 1000 + 1], num_threads=1)
    lat[i] = (time.perf_counter_ns() - t0) / 1e6
print(json.dumps({"p50": float(np.percentile(lat, 50)), "p99": float(np.percentile(lat, 99)), "version": lgb.__version__}))
