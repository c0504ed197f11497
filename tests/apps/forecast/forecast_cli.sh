#!/usr/bin/env bash
# forecast end to end: a run's metrics on the original scale; --predict-only on the run's
# checkpoint gives the run's own forecasts bit for bit; bad input gives one clear message, a
# non-zero exit, and leaves the checkpoint and earlier forecasts as they were.
# usage: forecast_cli.sh FORECAST_BINARY
set -u
bin=$1
source "$(dirname "$0")/../cli_expect.sh"  # tmp, fail, expect

# a daily series: date, value (a sine with a weekly wave), temp (a ramp)
awk 'BEGIN { print "date,value,temp"; for (r = 0; r < 200; r++) {
  t = 1704067200 + r * 86400; printf "%s,%.4f,%.2f\n", strftime("%Y-%m-%d", t, 1), 10 + 3 * sin(0.3 * r) + sin(0.9 * r), 0.1 * r } }' >"$tmp/data.csv"
common=(--data "$tmp/data.csv" --target value --model linear --window 14 --horizon 3 --epochs 2
        --linear-epochs 0 --season 7)
expect 0 "sMAPE" "${common[@]}" --out "$tmp/run" --predict --metrics "$tmp/m.json"
grep -q '"original_scale"' "$tmp/m.json" || fail "no original_scale in the metrics: $(head -c 400 "$tmp/m.json")"
grep -q '"mase_period": 7' "$tmp/m.json" || fail "MASE period is not --season"

# --predict-only on the same data: the run's "future" rows, to the last digit of %.9g (a float32)
sha=$(sha256sum "$tmp/run/model.safetensors")
grep '^future,' "$tmp/run/forecast.csv" | cut -d, -f5 >"$tmp/expected"
expect 0 "dates continued" --predict-only --out "$tmp/run" --data "$tmp/data.csv"
tail -n +2 "$tmp/run/forecast.csv" | awk -F, '{ print $NF }' >"$tmp/got"
[ -s "$tmp/expected" ] && diff "$tmp/expected" "$tmp/got" >/dev/null ||
  fail "--predict-only differs from the run: $(paste "$tmp/expected" "$tmp/got")"
head -n 2 "$tmp/run/forecast.csv" | grep -q '^1,2024-07-19,' ||
  fail "the dates do not continue the series: $(head -n 2 "$tmp/run/forecast.csv")"
grep -q '<svg' "$tmp/run/forecast.svg" || fail "no forecast.svg"

# bad input: one line, a non-zero exit, nothing overwritten
cp "$tmp/run/forecast.csv" "$tmp/before.csv"
head -n 6 "$tmp/data.csv" >"$tmp/short.csv"
sed '1s/temp/humidity/' "$tmp/data.csv" >"$tmp/other.csv"
mkdir -p "$tmp/corrupt" && echo corrupt >"$tmp/corrupt/model.safetensors"
expect 2 "--predict-only needs --data NEW.csv" --predict-only --out "$tmp/run"
expect 2 "drop --window" --predict-only --out "$tmp/run" --data "$tmp/data.csv" --window 7
expect 1 "nowhere/model.safetensors" --predict-only --out "$tmp/nowhere" --data "$tmp/data.csv"
expect 1 "corrupt/model.safetensors" --predict-only --out "$tmp/corrupt" --data "$tmp/data.csv"
expect 1 "differ from those the model was trained on (date, value, temp)" --predict-only --out "$tmp/run" --data "$tmp/other.csv"
expect 1 "5 rows, fewer than the model's window of 14 steps" --predict-only --out "$tmp/run" --data "$tmp/short.csv"
expect 1 "missing.csv" --predict-only --out "$tmp/run" --data "$tmp/missing.csv"
[ "$(sha256sum "$tmp/run/model.safetensors")" = "$sha" ] || fail "--predict-only rewrote the checkpoint"
cmp -s "$tmp/before.csv" "$tmp/run/forecast.csv" || fail "a failed --predict-only overwrote forecast.csv"

[ "$failures" -eq 0 ] && echo "forecast_cli: all passed"
exit "$failures"
