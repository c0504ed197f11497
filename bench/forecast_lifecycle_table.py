#!/usr/bin/env python3
"""Prints bench/forecast_lifecycle.sh's results: intervals and calendar features.

usage: python3 bench/forecast_lifecycle_table.py OUT_DIR

Reads OUT_DIR/intervals_<data>_<model>_<seed>.json and calendar_<data>_<model>_<on|off>_<seed>.json
(the forecast app's --metrics). Each cell is the median over the seeds, with the seeds' range.
"""
import glob
import json
import os
import re
import statistics
import sys


def cell(values, fmt):
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt % med
    return (fmt + " (" + fmt + ".." + fmt + ")") % (med, min(values), max(values))


def main(out):
    intervals, calendar = {}, {}
    for path in sorted(glob.glob(os.path.join(out, "*.json"))):
        name = os.path.basename(path)[:-5]
        with open(path) as f:
            m = json.load(f)
        if (g := re.match(r"intervals_(\w+?)_(\w+)_(\d+)$", name)):
            intervals.setdefault(g.groups()[:2], []).append(m)
        elif (g := re.match(r"calendar_(\w+?)_(\w+)_(on|off)_(\d+)$", name)):
            calendar.setdefault(g.groups()[:3], []).append(m)
    if intervals:
        print("Intervals, --quantiles 0.1,0.5,0.9 (test split; median over seeds, range in brackets)\n")
        print("| data | model | seeds | coverage of the 80% interval | mean width (z-scores) | median's test MSE |")
        print("|---|---|---|---|---|---|")
        for (data, model), runs in sorted(intervals.items()):
            q = [r["quantiles"] for r in runs]
            print("| %s | %s | %d | %s | %s | %s |" % (
                data, model, len(runs), cell([100 * x["coverage"] for x in q], "%.1f%%"),
                cell([x["mean_width"] for x in q], "%.3f"), cell([r["test_mse"] for r in runs], "%.4f")))
        print()
    if calendar:
        print("Calendar features (ETTh2 S, h96; test MSE on z-scores, median over seeds, range in brackets)\n")
        print("| model | seeds | without --calendar | with --calendar |")
        print("|---|---|---|---|")
        for data, model in sorted({k[:2] for k in calendar}):
            off, on = calendar.get((data, model, "off"), []), calendar.get((data, model, "on"), [])
            print("| %s | %d | %s | %s |" % (model, max(len(off), len(on)), cell([r["test_mse"] for r in off], "%.4f"),
                                             cell([r["test_mse"] for r in on], "%.4f")))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
