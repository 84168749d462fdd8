"""Bench child: trains LightGBM on the .npy rows in DIR with the given settings and prints one JSON line
(training wall and CPU time, peak RSS, test metrics). Usage: python3 gbdt_lightgbm.py DIR PARAMS_JSON"""
import json
import resource
import sys
import time

import lightgbm as lgb
import numpy as np

directory, params_json = sys.argv[1], sys.argv[2]
p = json.loads(params_json)
X = np.load(f"{directory}/X_train.npy")
y = np.load(f"{directory}/y_train.npy")
X_test = np.load(f"{directory}/X_test.npy")
y_test = np.load(f"{directory}/y_test.npy").astype(np.float64)

objective = {"l2": "regression", "l1": "regression_l1", "quantile": "quantile"}[p["objective"]]
settings = {
    "objective": objective,
    "learning_rate": p["learningRate"],
    "num_leaves": p["numLeaves"],
    "min_data_in_leaf": p["minDataInLeaf"],
    "lambda_l2": p["lambdaL2"],
    "max_bin": p["maxBins"],
    "num_threads": p["threads"],
    "seed": p["seed"],
    "verbose": -1,
}
if p["objective"] == "quantile":
    settings["alpha"] = p["alpha"]

cpu0 = time.process_time()
t0 = time.perf_counter()
# Dataset construction (binning) is inside the timed region, as binning is inside trainGbdt.
booster = lgb.train(settings, lgb.Dataset(X, y), num_boost_round=p["numTrees"])
wall_ms = (time.perf_counter() - t0) * 1000
cpu_ms = (time.process_time() - cpu0) * 1000
pred = booster.predict(X_test, num_threads=p["threads"]).astype(np.float64)

alpha = p.get("alpha", 0.5)
r = y_test - pred
print(json.dumps({
    "wallMs": wall_ms,
    "cpuMs": cpu_ms,
    "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "trees": booster.num_trees(),
    "mae": float(np.mean(np.abs(r))),
    "rmse": float(np.sqrt(np.mean(r * r))),
    "pinball": float(np.mean(np.where(r >= 0, alpha * r, (alpha - 1) * r))),
    "coverage": float(np.mean(y_test <= pred)),
    "version": lgb.__version__,
}))
