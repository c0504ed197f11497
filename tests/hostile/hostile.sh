#!/usr/bin/env bash
# The hostile battery: flags, files and checkpoints a user with a bad day (or a malicious file)
# gives both apps. Every case must end within a time limit (no hang), without a crash or abort
# (exit 134, 139: what a sanitizer build reports too), with the exit code of its kind (2 for a
# usage error, 1 for a data or file error, 0 where the input is odd but fine), one line on stderr
# that says what is wrong, and nothing of an earlier run overwritten.
# The library's share of the battery is the gtest suite Hostile.* (tests/core/test_hostile.cpp).
# usage: hostile.sh MAKEMORE FORECAST NAMES_FILE
set -u
makemore=$1 forecast=$2 names=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cases=0 failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# check CODE TEXT PROGRAM ARGS...: ends within 60 s with exit CODE, its output holds TEXT, and an
# error (CODE 1 or 2) is one line on stderr (and "try '<program> --help'" for a usage error)
check() {
  local code=$1 text=$2
  shift 2
  cases=$((cases + 1))
  local what="$(basename "$1") ${*:2}"
  timeout -k 5 60 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local got=$?
  if [ "$got" -eq 124 ] || [ "$got" -eq 137 ]; then fail "$what: hung (killed after 60 s)"; return; fi
  if [ "$got" -ge 128 ]; then fail "$what: crashed with signal $((got - 128)): $(tail -c 300 "$tmp/err")"; return; fi
  [ "$got" -eq "$code" ] || fail "$what: exit $got, expected $code: $(tail -c 300 "$tmp/err")"
  grep -qF -- "$text" "$tmp/out" "$tmp/err" || fail "$what: did not say '$text': $(tail -c 300 "$tmp/out" "$tmp/err")"
  local lines=$(wc -l <"$tmp/err")
  if [ "$code" -eq 1 ] && [ "$lines" -ne 1 ]; then fail "$what: $lines lines on stderr: $(head -c 400 "$tmp/err")"; fi
  if [ "$code" -eq 2 ] && { [ "$lines" -ne 2 ] || ! tail -1 "$tmp/err" | grep -q "^try '"; }; then
    fail "$what: a usage error is one line and the hint: $(head -c 400 "$tmp/err")"
  fi
  if [ "$code" -eq 0 ] && grep -q "Sanitizer\|runtime error" "$tmp/err"; then fail "$what: $(head -c 400 "$tmp/err")"; fi
}
M=$makemore F=$forecast

# --- files to be hostile with ---
head -n 300 "$names" >"$tmp/words.txt"
printf '\xef\xbb\xbfemma\r\nolivia\r\nava\r\nmia\r\nzoe\r\n' >"$tmp/bom.txt"        # BOM and CRLF
printf 'emma\nol\0via\n' >"$tmp/nul.txt"
printf 'emma\nol\xc3\x28via\n' >"$tmp/badutf8.txt"
{ echo emma; head -c 300000 /dev/zero | tr '\0' a; echo; echo ava; } >"$tmp/longword.txt"
printf 'ab\n' >"$tmp/oneword.txt"
printf 'ab\nba\n' >"$tmp/twowords.txt"
printf 'em.ma\nava\n' >"$tmp/dot.txt"
mkfifo "$tmp/fifo"
mkdir "$tmp/dir"
awk 'BEGIN { print "date,load,temp"; for (i = 0; i < 240; i++)
  printf "2021-%02d-%02d,%.3f,%.2f\n", 1 + int(i / 28), 1 + i % 28, sin(i / 5) + i / 100, cos(i / 7) }' >"$tmp/good.csv"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$tmp/good.csv"; } >"$tmp/bom.csv"
awk 'NR == 1 { print "\"date\",\"load, kW\",temp"; next } { split($0, f, ","); printf "\"%s\",\"%s\",%s\n", f[1], f[2], f[3] }' \
  "$tmp/good.csv" >"$tmp/quoted.csv"
sed 's/,/;/g' "$tmp/good.csv" >"$tmp/semicolon.csv"
awk 'NR == 50 { $0 = "2021-01-01,1.0,2.0" } { print }' "$tmp/good.csv" >"$tmp/unsorted.csv"
awk 'NR == 50 { split(prev, f, ","); $0 = f[1] ",1.0,2.0" } { print; prev = $0 }' "$tmp/good.csv" >"$tmp/dupdate.csv"
awk 'NR == 30 { $0 = "2021-02-02,inf,2.0" } { print }' "$tmp/good.csv" >"$tmp/inf.csv"
awk 'NR == 30 { $0 = "2021-02-02,1.0\0,2.0" } { print }' "$tmp/good.csv" >"$tmp/nul.csv"
awk 'NR == 30 { $0 = "2021-02-02,\"1.0,2.0" } { print }' "$tmp/good.csv" >"$tmp/unclosed.csv"
{ head -n 20 "$tmp/good.csv"; printf '2021-01-21,'; head -c 2000000 /dev/zero | tr '\0' 7; printf ',1\n'; } >"$tmp/longline.csv"
printf 'date,load\n' >"$tmp/header_only.csv"

# --- earlier runs that nothing below may overwrite ---
small=(--data "$tmp/words.txt" --model mlp --steps 20 --eval-every 10 --sample 0)
"$M" "${small[@]}" --out "$tmp/run" >"$tmp/log" 2>&1 || fail "the base makemore run failed: $(tail -c 300 "$tmp/log")"
ffast=(--series 60 --epochs 1 --linear-epochs 0)
"$F" "${ffast[@]}" --out "$tmp/frun" >"$tmp/log" 2>&1 || fail "the base forecast run failed: $(tail -c 300 "$tmp/log")"
sums() { sha256sum "$tmp/run/model.safetensors" "$tmp/frun/model.safetensors"; }
before=$(sums)

# --- makemore: flags (exit 2, before any work) ---
check 2 "makemore: --steps must be at least 1, got 0" "$M" --steps 0
check 2 "makemore: --steps must be at least 1, got -5" "$M" --steps -5
check 2 "makemore: --steps expects an integer, got 'abc'" "$M" --steps abc
check 2 "makemore: --steps value '99999999999999999999' is out of range" "$M" --steps 99999999999999999999
check 2 "makemore: --lr expects a number, got 'nan'" "$M" --lr nan
check 2 "makemore: --lr expects a number, got 'inf'" "$M" --lr inf
check 2 "makemore: --lr expects a number, got '1e999'" "$M" --lr 1e999
check 2 "makemore: --lr must be positive, got -1" "$M" --lr -1
check 2 "makemore: --dilations must be integers in [1, 1024] separated by commas, got '1,x,4' ('x' is not)" "$M" --model conv --dilations 1,x,4
check 2 "makemore: --temperature must be positive, got 0" "$M" --temperature 0
check 2 "makemore: --top-k must be at least 0, got -1" "$M" --top-k -1
check 2 "makemore: --sample must be in [0, 1000000], got -5" "$M" --sample -5
check 2 "makemore: --block-size must be in [1, 1024], got 0" "$M" --block-size 0
check 2 "makemore: --block-size must be in [1, 1024], got 4611686018427387904" "$M" --block-size 4611686018427387904
check 2 "makemore: --block-size must be a power of two (2, 4, 8, ...) for --model conv, got 6" "$M" --model conv --block-size 6
check 2 "makemore: --batch must be in [1, 1048576], got 9223372036854775807" "$M" --batch 9223372036854775807
check 2 "makemore: --embd must be in [1, 65536], got 4611686018427387904" "$M" --embd 4611686018427387904
check 2 "more than this machine's" "$M" --model mlp --block-size 1024 --embd 65536 --hidden 65536
check 2 "makemore: --threads must be in [1, 256], got 0" "$M" --threads 0
check 2 "makemore: --eval-every must be at least 1, got 0" "$M" --eval-every 0
check 2 "makemore: --resume trains and --sample-only does not" "$M" --resume --sample-only
check 2 "makemore: --stop-after must not exceed --steps (10), got 100" "$M" --steps 10 --stop-after 100
check 2 "makemore: --data expects a value (FILE)" "$M" --data --resume
check 2 "makemore: --model must be one of wavenet, mlp, conv, gated; got 'rnn'" "$M" --model rnn
check 2 "makemore: unknown option '--stpes' (did you mean --steps?)" "$M" --stpes 5
check 2 "makemore: --resume is a switch and takes no value, got 'maybe'" "$M" --resume=maybe

# --- makemore: word lists (exit 1, or 0 where the file is odd but fine) ---
check 1 "missing.txt: cannot open the word list (missing file or no permission)" "$M" --data "$tmp/missing.txt" --out "$tmp/o"
check 1 "it is a directory, not a regular file" "$M" --data "$tmp/dir" --out "$tmp/o"
check 1 "it is a FIFO (named pipe), not a regular file" "$M" --data "$tmp/fifo" --out "$tmp/o"
check 1 "it is a character device, not a regular file" "$M" --data /dev/zero --out "$tmp/o"
check 1 "nul.txt:2: a NUL byte at byte 3" "$M" --data "$tmp/nul.txt" --out "$tmp/o"
check 1 "badutf8.txt:2: invalid UTF-8 at byte 3" "$M" --data "$tmp/badutf8.txt" --out "$tmp/o"
check 1 "longword.txt:2: a word of 300000 characters; words may have at most 256" "$M" --data "$tmp/longword.txt" --out "$tmp/o"
check 1 "contains '.', which marks the start and end of words" "$M" --data "$tmp/dot.txt" --out "$tmp/o"
check 1 "1 words are too few: the training split (80%) is empty" "$M" --data "$tmp/oneword.txt" --out "$tmp/o"
check 0 "5 words, 9 characters in the vocabulary" "$M" --data "$tmp/bom.txt" --model mlp --steps 3 --sample 2 --out "$tmp/bom"
check 0 "val - (no validation words)" "$M" --data "$tmp/twowords.txt" --model mlp --steps 4 --stop-after 3 --eval-every 2 --sample 0 --out "$tmp/two"
check 0 "resuming from step 3" "$M" --data "$tmp/twowords.txt" --model mlp --steps 4 --eval-every 2 --sample 0 --out "$tmp/two" --resume
check 0 "note: --batch 5000 exceeds the 19 training examples" "$M" --data "$tmp/bom.txt" --model mlp --steps 2 --batch 5000 --sample 0 --out "$tmp/bigbatch"
check 0 "note: --batch 100000 exceeds the 42 training windows" "$F" "${ffast[@]}" --batch 100000 --out "$tmp/fbigbatch"
check 0 "note: --top-k 1000 exceeds the vocabulary" "$M" "${small[@]}" --steps 2 --sample 2 --top-k 1000 --out "$tmp/topk"

# --- makemore: checkpoints and output folders ---
tr a A <"$tmp/words.txt" >"$tmp/other_alphabet.txt"  # as many characters, 'a' now 'A'
check 1 "resume on the same word list" "$M" "${small[@]}" --data "$tmp/other_alphabet.txt" --out "$tmp/run" --resume
check 1 "resume with the same flags" "$M" "${small[@]}" --hidden 64 --out "$tmp/run" --resume
mkdir -p "$tmp/trunc" && head -c 1000 "$tmp/run/model.safetensors" >"$tmp/trunc/model.safetensors"
check 1 "trunc/model.safetensors" "$M" "${small[@]}" --out "$tmp/trunc" --resume
check 1 "trunc/model.safetensors" "$M" --sample-only --out "$tmp/trunc"
mkdir -p "$tmp/garbage" && head -c 5000 /dev/urandom >"$tmp/garbage/model.safetensors"
check 1 "garbage/model.safetensors" "$M" --sample-only --out "$tmp/garbage"
check 1 "not a checkpoint of the makemore app" "$M" --sample-only --out "$tmp/frun"
mkdir -p "$tmp/ckfifo" && mkfifo "$tmp/ckfifo/model.safetensors"
check 1 "not a regular file" "$M" --sample-only --out "$tmp/ckfifo"
check 1 "no checkpoint to resume from" "$M" "${small[@]}" --out "$tmp/fresh" --resume
printf 'x' >"$tmp/afile"
check 1 "--out: cannot write into '$tmp/afile/run'" "$M" "${small[@]}" --out "$tmp/afile/run"
check 1 "--out: cannot write into '/proc/ripple'" "$M" "${small[@]}" --out /proc/ripple
check 1 "--metrics: '$tmp/dir' is a directory" "$M" "${small[@]}" --out "$tmp/m" --metrics "$tmp/dir"
grep -q "step 1/" "$tmp/out" && fail "makemore trained before refusing an unwritable --metrics"
mkdir -p "$tmp/stale" && cp "$tmp/run/model.safetensors" "$tmp/stale/" && head -c 700 "$tmp/run/model.safetensors" >"$tmp/stale/model.safetensors.tmp.2147483646"
check 0 "resuming from step 20" "$M" "${small[@]}" --out "$tmp/stale" --resume
[ -e "$tmp/stale/model.safetensors.tmp.2147483646" ] && fail "a killed writer's temporary file was left behind"

# --- forecast: flags ---
check 2 "forecast: --window must be in [1, 1000000], got 0" "$F" --window 0
check 2 "forecast: --window must be in [1, 1000000], got 4611686018427387904" "$F" --window 4611686018427387904
check 2 "forecast: --batch must be in [1, 1048576], got 4611686018427387904" "$F" --batch 4611686018427387904
check 2 "forecast: --horizon must be in [1, 1000000], got -1" "$F" --horizon -1
check 2 "forecast: --lr expects a number, got 'NaN'" "$F" --lr NaN
check 2 "forecast: --split expects numbers A,B,C, got 'nan' in '0.5,nan,0.1'" "$F" --split 0.5,nan,0.1
check 2 "would generate more than" "$F" --series 100000000 --window 1000000
check 2 "forecast: --epochs expects an integer, got '1.5'" "$F" --epochs 1.5
check 2 "forecast: --quantiles" "$F" --quantiles 0.1,1.5
check 2 "forecast: --season must not exceed --window, got 100 > 10" "$F" --season 100 --window 10
check 2 "forecast: --final-lr must be in [0, 1], got 2" "$F" --final-lr 2
check 2 "forecast: --threads must be in [1, 256], got 100000" "$F" --threads 100000
check 2 "forecast: --target needs a CSV" "$F" --target load
# a model and batch beyond this machine's memory: refused before any work, with the estimate
check 2 "(--model wavenet, --window 100000, --batch 1048576, --channels 65536, --stacks 2), more than this machine's" \
  "$F" --model wavenet --channels 65536 --window 100000 --batch 1048576
check 2 "forecast: the model and a batch would need about" "$F" --model linear --window 1000000 --batch 1048576 --series 2
check 2 "(--model tutorial, --window 50, --batch 32, --filters 65536), more than this machine's" "$F" --filters 65536

# --- forecast: CSV files ---
fcsv=(--window 14 --epochs 1 --linear-epochs 0 --batch 16)
check 1 "it is a FIFO (named pipe), not a regular file" "$F" --data "$tmp/fifo" --out "$tmp/o"
check 1 "it is a character device, not a regular file" "$F" --data /dev/zero --out "$tmp/o"
check 1 "it is a directory, not a regular file" "$F" --data "$tmp/dir" --out "$tmp/o"
check 0 "test set" "$F" --data "$tmp/bom.csv" "${fcsv[@]}" --out "$tmp/fbom"
check 0 "test set" "$F" --data "$tmp/quoted.csv" --target "load, kW" "${fcsv[@]}" --out "$tmp/fquoted"
check 1 ", in --features 'nope'" "$F" --data "$tmp/quoted.csv" --target "load, kW" --features "nope" --out "$tmp/fnope"
check 1 "semicolon.csv: the header is a single column 'date;load;temp': the fields seem separated by ';'" "$F" --data "$tmp/semicolon.csv" "${fcsv[@]}" --out "$tmp/o"
check 1 "unsorted.csv:50, column 'date': 2021-01-01 comes before" "$F" --data "$tmp/unsorted.csv" "${fcsv[@]}" --out "$tmp/o"
check 1 "dupdate.csv:50, column 'date': 2021-02-20 repeats 2021-02-20 of line 49" "$F" --data "$tmp/dupdate.csv" "${fcsv[@]}" --out "$tmp/o"
check 1 "inf.csv:30, column 'load': 'inf' is not a finite number" "$F" --data "$tmp/inf.csv" "${fcsv[@]}" --out "$tmp/o"
check 1 "nul.csv:30, column 'load'" "$F" --data "$tmp/nul.csv" "${fcsv[@]}" --out "$tmp/o"
check 1 "unclosed.csv:30: quoted field 2 is never closed" "$F" --data "$tmp/unclosed.csv" "${fcsv[@]}" --out "$tmp/o"
check 1 "longline.csv:21, column 'load': '7777777777777777777777777777777777777777... (2000000 bytes)' is not a number" "$F" --data "$tmp/longline.csv" "${fcsv[@]}" --out "$tmp/o"
check 1 "header_only.csv: no data rows after the header" "$F" --data "$tmp/header_only.csv" "${fcsv[@]}" --out "$tmp/o"
check 1 "--backtest 100000 exceeds the" "$F" --data "$tmp/good.csv" "${fcsv[@]}" --backtest 100000 --out "$tmp/o"
grep -q "epoch 1/" "$tmp/out" && fail "forecast trained before refusing --backtest"
check 1 "no checkpoint to resume from" "$F" "${ffast[@]}" --out "$tmp/fresh" --resume
check 1 "was trained with other flags or data" "$F" "${ffast[@]}" --window 20 --out "$tmp/frun" --resume
check 1 "garbage/model.safetensors" "$F" --predict-only --data "$tmp/good.csv" --out "$tmp/garbage"
check 1 "--out: cannot write into '$tmp/afile/run'" "$F" "${ffast[@]}" --out "$tmp/afile/run"

[ "$(sums)" = "$before" ] || fail "an earlier run's checkpoint was overwritten"

# --- signals: SIGTERM and Ctrl-C save once, exit 128 + the signal, and the run resumes ---
for sig in TERM INT; do
  "$M" --data "$tmp/words.txt" --model mlp --steps 100000000 --out "$tmp/sig$sig" >"$tmp/sig.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do grep -q "step " "$tmp/sig.log" && break; sleep 0.1; done
  kill -$sig "$pid"
  wait "$pid"
  code=$?
  cases=$((cases + 1))
  want=$((128 + $(kill -l $sig)))
  [ "$code" -eq "$want" ] || fail "makemore SIG$sig: exit $code, expected $want"
  [ "$(grep -c "interrupted: checkpoint saved" "$tmp/sig.log")" -eq 1 ] || fail "makemore SIG$sig did not save once: $(tail -c 300 "$tmp/sig.log")"
done
"$F" --series 3000 --epochs 50 --linear-epochs 0 --out "$tmp/fsig" >"$tmp/fsig.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "epoch 1/50" "$tmp/fsig.log" && break; sleep 0.1; done
kill -TERM "$pid"
wait "$pid"
code=$?
cases=$((cases + 1))
[ "$code" -eq 143 ] || fail "forecast SIGTERM: exit $code, expected 143: $(tail -c 300 "$tmp/fsig.log")"
grep -q "Continue with:" "$tmp/fsig.log" || fail "forecast SIGTERM did not say how to resume: $(tail -c 300 "$tmp/fsig.log")"

echo "hostile: $cases cases, $failures failed"
exit $((failures > 0))
