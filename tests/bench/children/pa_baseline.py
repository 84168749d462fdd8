"""Bench child: the system Pump ETA replaces — a PassiveAggressive regressor on one-hot features — on the
exact split Pump ETA used (column `slice` of the CSV). C is chosen on the validation + calibration slices
(time-ordered, after the training slice), then the model is refitted on everything before the holdout and
scored on the holdout. On scikit-learn >= 1.8 GridSearchCV over PassiveAggressiveRegressor's C silently
fits C = 1.0, so SGDRegressor(loss='epsilon_insensitive', epsilon=0, penalty=None, learning_rate='pa1',
eta0=C) — the same model with a working C — is used. Prints one JSON line.
Usage: python3 pa_baseline.py ROWS.csv"""
import json
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import SGDRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

df = pd.read_csv(sys.argv[1], keep_default_na=False, dtype=str)
y = df["target"].astype(float).to_numpy()
categorical = [
    "station", "station_ground", "borough", "ward", "postcode_district", "property_category",
    "property_type", "incident_group", "stop_code", "address_qualifier", "hour", "weekday", "month",
    "pump_order",
]
numeric = ["distance_m"]
X = df[categorical + numeric].copy()
X[numeric] = X[numeric].astype(float)


def model(c):
    pre = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), categorical),
            ("scale", StandardScaler(), numeric),
        ]
    )
    reg = SGDRegressor(
        loss="epsilon_insensitive", epsilon=0.0, penalty=None, learning_rate="pa1", eta0=c,
        max_iter=50, tol=1e-4, shuffle=True, random_state=0, average=False,
    )
    return make_pipeline(pre, reg)


def mae(a, b):
    return float(np.mean(np.abs(a - b)))


s = df["slice"].to_numpy()
train = s == "train"
tune = (s == "validation") | (s == "calibration")
before = ~(s == "holdout")
hold = s == "holdout"
grid = [0.001, 0.01, 0.1, 1.0, 10.0]
scores = {}
for c in grid:
    m = model(c).fit(X[train], y[train])
    scores[c] = mae(m.predict(X[tune]), y[tune])
best = min(scores, key=scores.get)
final = model(best).fit(X[before], y[before])
pred = final.predict(X[hold])
err = pred - y[hold]
ss_res = float(np.sum(err**2))
ss_tot = float(np.sum((y[hold] - y[hold].mean()) ** 2))
print(json.dumps({
    "mae": mae(pred, y[hold]),
    "rmse": float(np.sqrt(np.mean(err**2))),
    "r2": 1 - ss_res / ss_tot,
    "bestC": best,
    "tuneMae": scores,
    "rows": int(hold.sum()),
    "sklearn": sklearn.__version__,
    "eta": [float(v) for v in pred],
}))
