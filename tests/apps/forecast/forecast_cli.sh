#!/usr/bin/env bash
# forecast end to end: a run's metrics on the original scale; --predict-only on the run's
# checkpoint gives the run's own forecasts bit for bit; --quantiles' scores and columns;
# --calendar's features; bad input gives one clear message, a non-zero exit, and leaves the
# checkpoint and earlier forecasts as they were; a run resumed from its checkpoint ends where an
# uninterrupted run ends, and Ctrl-C keeps a checkpoint to resume.
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

# --resume: 2 epochs, then resumed to 4, ends where 4 straight epochs end (early stopping on, so
# the checkpoint keeps the best and the last weights apart; the per-epoch decay restored)
tensors() {  # a safetensors file's tensors: the header without its metadata, and the data's hash
  python3 -c 'import sys, struct, json, hashlib
f = open(sys.argv[1], "rb"); n = struct.unpack("<Q", f.read(8))[0]; h = json.loads(f.read(n))
h.pop("__metadata__", None); print(json.dumps(h, sort_keys=True), hashlib.sha256(f.read()).hexdigest())' "$1"
}
strip() { grep -v -E '"(cpu_)?seconds_per_epoch"' "$1"; }
resume=(--data "$tmp/data.csv" --target value --model linear --window 14 --horizon 3 --linear-epochs 0
        --lr 0.01 --lr-decay 0.7 --patience 3)
expect 0 "sMAPE" "${resume[@]}" --epochs 4 --out "$tmp/straight" --metrics "$tmp/straight.json"
expect 0 "sMAPE" "${resume[@]}" --epochs 2 --out "$tmp/resumed"
expect 0 "resuming $tmp/resumed/model.safetensors after epoch 2 of 4" "${resume[@]}" --epochs 4 --out "$tmp/resumed" \
  --resume --metrics "$tmp/resumed.json"
diff <(strip "$tmp/straight.json") <(strip "$tmp/resumed.json") >/dev/null ||
  fail "the resumed run differs: $(diff <(strip "$tmp/straight.json") <(strip "$tmp/resumed.json"))"
grep -q '"train_loss_per_epoch": \[' "$tmp/resumed.json" || fail "no losses in the metrics"
[ "$(tensors "$tmp/straight/model.safetensors")" = "$(tensors "$tmp/resumed/model.safetensors")" ] ||
  fail "the resumed run's checkpoint holds other tensors than the straight run's"
expect 0 "dates continued" --predict-only --out "$tmp/resumed" --data "$tmp/data.csv"

# refused: one message, exit code 1, the checkpoint untouched; a finished run is only reported
sha=$(sha256sum "$tmp/resumed/model.safetensors")
expect 1 "nowhere/model.safetensors: no checkpoint to resume from" "${resume[@]}" --out "$tmp/nowhere" --resume
expect 1 "corrupt/model.safetensors" "${resume[@]}" --out "$tmp/corrupt" --resume
expect 1 "window 14 (now 7); resume with the flags it was trained with" "${resume[@]}" --window 7 --out "$tmp/resumed" --resume
expect 1 "resume with --epochs 4 or more" "${resume[@]}" --epochs 3 --out "$tmp/resumed" --resume
expect 1 "split [0.7,0.2,0.1] (now [0.66,0.24,0.1]), train_windows 124 (now 116)" "${resume[@]}" --split 0.66,0.24,0.1 --out "$tmp/resumed" --resume
mkdir -p "$tmp/old" && python3 -c 'import sys, struct, json  # a checkpoint without the training state
b = open(sys.argv[1], "rb").read(); n = struct.unpack("<Q", b[:8])[0]; h = json.loads(b[8:8 + n])
del h["__metadata__"]["fit_state"]; t = json.dumps(h).encode(); t += b" " * (-len(t) % 8)
open(sys.argv[2], "wb").write(struct.pack("<Q", len(t)) + t + b[8 + n:])' "$tmp/resumed/model.safetensors" "$tmp/old/model.safetensors"
expect 0 "dates continued" --predict-only --out "$tmp/old" --data "$tmp/data.csv"
expect 1 "old/model.safetensors: has no training state to resume from" "${resume[@]}" --out "$tmp/old" --resume
expect 0 "sMAPE" "${resume[@]}" --epochs 2 --final-lr 0.5 --out "$tmp/cosine"
expect 1 "whose cosine spans all the epochs; resume with --epochs 2" "${resume[@]}" --epochs 3 --final-lr 0.5 \
  --out "$tmp/cosine" --resume
expect 2 "drop --resume" --predict-only --out "$tmp/resumed" --data "$tmp/data.csv" --resume
expect 0 "resuming $tmp/resumed/model.safetensors after epoch 4 of 4" "${resume[@]}" --epochs 4 --out "$tmp/resumed" --resume
[ "$(sha256sum "$tmp/resumed/model.safetensors")" = "$sha" ] || fail "a refused or finished --resume rewrote the checkpoint"

# Ctrl-C: stops in an epoch, keeps the last epoch's end, says how to resume; resuming with that
# many epochs reports the run without training
ctrlc=(--series 4000 --model linear --linear-epochs 0 --epochs 1000000 --out "$tmp/int")
"$bin" "${ctrlc[@]}" >"$tmp/int.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "epoch 2/" "$tmp/int.log" && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
code=$?
[ "$code" -eq 130 ] || fail "Ctrl-C exit code $code, expected 130: $(tail -c 300 "$tmp/int.log")"
grep -q -- "--epochs 1000000 --out $tmp/int --resume" "$tmp/int.log" || fail "Ctrl-C did not say how to resume: $(tail -c 300 "$tmp/int.log")"
done_epochs=$(sed -n 's/.*holds the run after epoch \([0-9]*\).*/\1/p' "$tmp/int.log")
[ -n "$done_epochs" ] && [ "$done_epochs" -ge 2 ] || fail "Ctrl-C kept no epoch: $(tail -c 300 "$tmp/int.log")"
ctrlc[7]=$done_epochs  # --epochs
expect 0 "resuming $tmp/int/model.safetensors after epoch $done_epochs of $done_epochs" "${ctrlc[@]}" --resume

# --quantiles: the interval's scores in the output and the metrics, a column per level
expect 0 "coverage" "${common[@]}" --out "$tmp/q" --quantiles 0.1,0.5,0.9 --predict --metrics "$tmp/q.json"
grep -q '"coverage"' "$tmp/q.json" || fail "no coverage in the metrics: $(head -c 400 "$tmp/q.json")"
head -n 1 "$tmp/q/forecast.csv" | grep -q ',q0.1,q0.5,q0.9$' || fail "no quantile columns: $(head -n 1 "$tmp/q/forecast.csv")"
expect 2 "--quantiles 0.9,0.5,0.1: must be strictly increasing" "${common[@]}" --out "$tmp/q2" --quantiles 0.9,0.5,0.1
expect 2 "must include 0.5" "${common[@]}" --out "$tmp/q2" --quantiles 0.1,0.9
expect 2 "strictly between 0 and 1" "${common[@]}" --out "$tmp/q2" --quantiles 0,0.5
expect 2 "--quantiles expects numbers" "${common[@]}" --out "$tmp/q2" --quantiles 0.5,nan
expect 2 "drop --emit" "${common[@]}" --out "$tmp/q2" --quantiles 0.1,0.5,0.9 --emit 1
[ -e "$tmp/q2" ] && fail "a refused --quantiles created its output folder"

# --calendar: daily rows get day-of-week and day-of-year features; it needs dates
expect 0 "weekday_sin (3 steps ahead)" "${common[@]}" --out "$tmp/cal" --calendar
expect 0 "4 calendar features" --predict-only --out "$tmp/cal" --data "$tmp/data.csv"
cut -d, -f2- "$tmp/data.csv" >"$tmp/nodates.csv"
expect 1 "--calendar needs a time column" --data "$tmp/nodates.csv" --target value --out "$tmp/cal2" --calendar
expect 2 "--calendar needs a CSV" --calendar --out "$tmp/cal2"

[ "$failures" -eq 0 ] && echo "forecast_cli: all passed"
exit "$failures"
