"""Bench child: times pandas reading one LFB file, as the system Pump ETA replaces did.

Usage: python3 pandas_read.py xlsx|csv FILE  ->  one JSON line (wallMs, rows, maxRssKb, versions).
The import of pandas itself is not timed; peak RSS is the whole process's.
"""
import json
import resource
import sys
import time

import pandas as pd

kind, path = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if kind == "xlsx":
    frame = pd.read_excel(path, engine="openpyxl")
elif kind == "csv":
    frame = pd.read_csv(path, low_memory=False)
else:
    raise SystemExit(f"unknown kind {kind!r}")
wall_ms = (time.perf_counter() - started) * 1000
print(
    json.dumps(
        {
            "wallMs": wall_ms,
            "rows": int(len(frame)),
            "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "pandas": pd.__version__,
        }
    )
)
