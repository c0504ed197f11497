#!/usr/bin/env bash
# makemore end to end: bad input gives one clear message and a non-zero exit; a run stopped and
# resumed ends exactly where an uninterrupted run ends; Ctrl-C saves a checkpoint.
# With a third argument, also runs examples/makemore_sample.cpp on the checkpoint trained here.
# usage: makemore_cli.sh MAKEMORE_BINARY NAMES_FILE [SAMPLE_EXAMPLE_BINARY]
set -u
bin=$1 names=$2 example=${3:-}
source "$(dirname "$0")/../cli_expect.sh"  # tmp, fail, expect

printf '' >"$tmp/empty.txt"
printf 'aaa\naa\n' >"$tmp/one.txt"
printf 'emma\nol\xffvia\n' >"$tmp/bad.txt"
head -n 2000 "$names" >"$tmp/small.txt"

expect 0 "--temperature" --help
expect 2 "unknown option" --no-such-flag
expect 2 "--steps expects an integer" --steps abc
expect 2 "makemore: --steps must be at least 1, got 0" --steps 0
expect 2 "--model must be one of wavenet, mlp, conv" --model rnn
expect 1 "cannot open the word list" --data "$tmp/missing.txt"
expect 1 "no words" --data "$tmp/empty.txt"
expect 1 "single distinct character" --data "$tmp/one.txt"
expect 1 "bad.txt:2: invalid UTF-8" --data "$tmp/bad.txt"
expect 1 "no checkpoint to sample from" --sample-only --out "$tmp/nowhere"
echo "corrupt" >"$tmp/corrupt.safetensors"; mkdir -p "$tmp/c"; cp "$tmp/corrupt.safetensors" "$tmp/c/model.safetensors"
expect 1 "model.safetensors" --sample-only --out "$tmp/c"

# stop after 30 steps, resume: the same losses and samples as 60 uninterrupted steps
common=(--data "$tmp/small.txt" --steps 60 --eval-every 20 --sample 5)
expect 0 "samples:" "${common[@]}" --out "$tmp/a" --metrics "$tmp/a.json"
expect 0 "checkpoint saved at step 30" "${common[@]}" --out "$tmp/b" --stop-after 30
expect 0 "resuming from step 30" "${common[@]}" --out "$tmp/b" --resume --metrics "$tmp/b.json"
strip() { grep -v -E '"(ms_per_step|seconds_total)"' "$1"; }
diff <(strip "$tmp/a.json") <(strip "$tmp/b.json") >/dev/null || fail "resumed run differs: $(diff <(strip "$tmp/a.json") <(strip "$tmp/b.json"))"
expect 0 "loaded" --sample-only --out "$tmp/b" --sample 3
if [ -n "$example" ]; then
  "$example" "$tmp/b/model.safetensors" 3 >"$tmp/ex.out" 2>&1 || fail "example failed: $(cat "$tmp/ex.out")"
  [ "$(grep -c '^  ' "$tmp/ex.out")" -eq 3 ] || fail "example did not print 3 names: $(cat "$tmp/ex.out")"
  "$example" "$tmp/corrupt.safetensors" >"$tmp/ex.out" 2>&1 && fail "example accepted a corrupt file"
  grep -q "corrupt.safetensors" "$tmp/ex.out" || fail "example error does not name the file: $(cat "$tmp/ex.out")"
fi
expect 1 "resume with the same flags" "${common[@]}" --out "$tmp/b" --resume --hidden 64

# Ctrl-C: wait for training to start, interrupt, expect a checkpoint and exit code 130
"$bin" --data "$tmp/small.txt" --steps 100000000 --out "$tmp/int" >"$tmp/int.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do grep -q "step " "$tmp/int.log" && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
code=$?
[ "$code" -eq 130 ] || fail "Ctrl-C exit code $code, expected 130"
grep -q "interrupted: checkpoint saved" "$tmp/int.log" || fail "Ctrl-C did not save: $(tail -c 300 "$tmp/int.log")"
[ -f "$tmp/int/model.safetensors" ] || fail "no checkpoint after Ctrl-C"

[ "$failures" -eq 0 ] && echo "makemore_cli: all checks passed"
exit $((failures > 0))
