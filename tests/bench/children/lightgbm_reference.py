"""Bench child: the LightGBM reference for the real-sample comparison. Trained on exactly the rows, split
and feature columns Pump ETA's model uses (the CSV holds the slice, the target and the 24 float features,
categoricals as the same ranked integer codes), with the same settings as our point model: L1, 31 leaves,
learning rate 0.05, at least 40 rows a leaf, lambda 1, 255 bins, 70 % of features and 80 % of rows per
tree, early stopping after 40 trees on the validation slice, then refitted on train + validation with
the best iteration count. Prints one JSON line with the holdout estimates.
Usage: python3 lightgbm_reference.py ROWS.csv SEED"""
import json
import sys

import lightgbm as lgb
import numpy as np
import pandas as pd

df = pd.read_csv(sys.argv[1])
seed = int(sys.argv[2])
features = [c for c in df.columns if c not in ("slice", "target")]
X = df[features].to_numpy(dtype=np.float32)
y = df["target"].to_numpy(dtype=np.float64)
s = df["slice"].to_numpy()
train, valid, hold = s == "train", s == "validation", s == "holdout"
settings = {
    "objective": "regression_l1",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "lambda_l2": 1.0,
    "max_bin": 255,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "num_threads": 2,
    "seed": seed,
    "verbose": -1,
}
first = lgb.train(
    settings,
    lgb.Dataset(X[train], y[train]),
    num_boost_round=500,
    valid_sets=[lgb.Dataset(X[valid], y[valid])],
    callbacks=[lgb.early_stopping(40, verbose=False)],
)
both = train | valid
final = lgb.train(settings, lgb.Dataset(X[both], y[both]), num_boost_round=max(1, first.best_iteration))
pred = final.predict(X[hold])
print(json.dumps({
    "eta": [float(v) for v in pred],
    "trees": int(first.best_iteration),
    "version": lgb.__version__,
}))
