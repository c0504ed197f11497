#!/usr/bin/env python3
"""Prints bench/ltsf.sh's results as one table beside the published numbers.

usage: python3 bench/ltsf_table.py OUT_DIR CSV

Reads OUT_DIR/<setting>_<horizon>_<model>_<norm>_<seed>.json (the forecast app's --metrics) and
the published test MSEs from the README beside the CSV (its table "| setting | horizon | Repeat
last | Linear | NLinear | DLinear |"). Each ripple cell is the median test MSE over the seeds and,
in brackets, the spread (max - min); the repeat-last column is measured (it has no seed).
"""
import glob
import json
import os
import re
import statistics
import sys

MODELS = ["linear", "nlinear", "dlinear", "wavenet"]


def load(out):
    runs = {}
    for path in glob.glob(os.path.join(out, "*.json")):
        m = re.match(r"([SM])_(\d+)_(\w+?)_(revin|last|none)_(\d+)\.json$", os.path.basename(path))
        if not m:
            continue
        setting, horizon, model, norm, seed = m.groups()
        with open(path) as f:
            runs.setdefault((setting, int(horizon), model, norm), []).append(json.load(f))
    return runs


def published(csv):
    table = {}
    readme = os.path.join(os.path.dirname(csv), "README.md")
    if not os.path.exists(readme):
        return table
    for line in open(readme):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in ("S", "M") and cells[1].isdigit():
            table[(cells[0], int(cells[1]))] = cells[2:]
    return table


def cell(results, key="test_mse"):
    if not results:
        return "-"
    values = [r[key] for r in results]
    text = f"{statistics.median(values):.3f}"
    return text + (f" ({max(values) - min(values):.3f})" if len(values) > 1 else "")


def main():
    out, csv = sys.argv[1], sys.argv[2]
    runs, paper = load(out), published(csv)
    keys = sorted({(s, h) for (s, h, _, _) in runs}, key=lambda k: (k[0] == "M", k[1]))
    seeds = max((len(v) for v in runs.values()), default=0)
    print(f"ETTh2, window 336, test MSE on the z-scores: ripple median over {seeds} seeds (spread),")
    print("per-window normalisation revin; published numbers (single runs) from the data's README\n")
    print("| setting | horizon | repeat-last | linear | nlinear | dlinear | wavenet "
          "| paper: repeat-last | Linear | NLinear | DLinear |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for s, h in keys:
        any_run = next((v for (s2, h2, _, _), v in runs.items() if (s2, h2) == (s, h)), [])
        naive = f"{any_run[0]['naive_mse']:.3f}" if any_run else "-"
        row = [s, str(h), naive] + [cell(runs.get((s, h, m, "revin"), [])) for m in MODELS]
        row += [c or "-" for c in paper.get((s, h), ["", "", "", ""])]
        print("| " + " | ".join(row) + " |")
    print("\nthe same models without per-window normalisation (--norm none), median test MSE:\n")
    print("| setting | horizon | " + " | ".join(f"{m} none / revin" for m in MODELS) + " |")
    print("|---|---|" + "---|" * len(MODELS))
    for s, h in keys:
        row = [s, str(h)]
        for m in MODELS:
            none, revin = runs.get((s, h, m, "none"), []), runs.get((s, h, m, "revin"), [])
            row.append(f"{cell(none).split(' ')[0]} / {cell(revin).split(' ')[0]}")
        print("| " + " | ".join(row) + " |")
    wavenet = runs.get(("S", 96, "wavenet", "revin"), [])
    if wavenet:
        per_epoch = statistics.median(r["seconds_per_epoch"] for r in wavenet)
        total = statistics.median(r["seconds_per_epoch"] * r["epochs_run"] for r in wavenet)
        print(f"\nwavenet S h96: {per_epoch:.1f} s per epoch, {total:.0f} s of training "
              "(medians over the seeds; two runs shared the two cores)")


if __name__ == "__main__":
    main()
