#!/usr/bin/env python3
"""Extract the R-reference fixtures of package forecast from shared/data/m3.

Run from the repository root, with the shared data beside it:
    python3 forecast/testdata/extract.py ../shared/data
It writes forecast/testdata/{series.csv, r_fits.csv, r_forecasts.csv.gz}.
Only the standard library is used; output is deterministic (gzip mtime 0).
"""
import csv
import gzip
import io
import os
import sys

base = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
out = os.path.dirname(os.path.abspath(__file__))
ref = os.path.join(base, "m3", "r_reference")

fits = list(csv.DictReader(open(os.path.join(ref, "fits.csv"), newline="")))
ids = []
for r in fits:
    if r["series_id"] not in ids:
        ids.append(r["series_id"])
want = set(ids)

# Training parts (is_test == 0), oldest first, one line per series.
m_of = {"monthly": 12, "quarterly": 4, "yearly": 1}
with open(os.path.join(out, "series.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["series_id", "sheet", "m", "values"])
    for sheet in ("monthly", "quarterly", "yearly"):
        vals = {}
        for r in csv.DictReader(open(os.path.join(base, "m3", "m3_%s.csv" % sheet), newline="")):
            if r["series_id"] in want and r["is_test"] == "0":
                vals.setdefault(r["series_id"], []).append((int(r["period_index"]), r["value"]))
        for sid in ids:
            if sid in vals:
                v = [x for _, x in sorted(vals[sid])]
                w.writerow([sid, sheet, m_of[sheet], " ".join(v)])

# ETS fits, except thetaf's inner SES and failed fits.
cols = ["series_id", "method", "model", "n", "m", "alpha", "beta", "gamma", "phi", "l0", "b0"] + \
    ["s%d" % k for k in range(1, 13)] + ["sigma2", "loglik", "AIC", "AICc", "BIC", "mse", "npar"]
with open(os.path.join(out, "r_fits.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(cols)
    for r in fits:
        if r["method"] == "thetaf" or r["error"]:
            continue
        w.writerow([r[c] for c in cols])

keep = ("ets", "naive", "snaive", "rwf_drift", "ses", "holt", "holt_damped", "thetaf",
        "tslm_trend_season", "tslm_trend")
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\n")
rd = csv.reader(open(os.path.join(ref, "forecasts.csv"), newline=""))
w.writerow(next(rd))
for r in rd:
    if r[1] in keep or r[1].startswith("ets_"):
        w.writerow(r)
with open(os.path.join(out, "r_forecasts.csv.gz"), "wb") as f:
    with gzip.GzipFile(filename="r_forecasts.csv", mode="wb", fileobj=f, mtime=0) as g:
        g.write(buf.getvalue().encode())
