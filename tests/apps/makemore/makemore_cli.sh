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
expect 2 "--model must be one of wavenet, mlp, conv, gated" --model rnn
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
expect 0 "samples: (log-likelihood per character)" --sample-only --out "$tmp/b" --sample 3 --prefix em
grep -q "^  em" "$tmp/out" || fail "--prefix em: the samples do not start with em: $(tail -c 300 "$tmp/out")"
expect 2 "makemore: --prefix 'e1' has '1', which is not among the 26 characters of the data" --sample-only --out "$tmp/b" --prefix e1
expect 2 "makemore: --prefix must be at most 256 bytes without '.'" --prefix a.b
if [ -n "$example" ]; then
  "$example" "$tmp/b/model.safetensors" 3 >"$tmp/ex.out" 2>&1 || fail "example failed: $(cat "$tmp/ex.out")"
  [ "$(grep -c '^  ' "$tmp/ex.out")" -eq 3 ] || fail "example did not print 3 names: $(cat "$tmp/ex.out")"
  "$example" "$tmp/corrupt.safetensors" >"$tmp/ex.out" 2>&1 && fail "example accepted a corrupt file"
  grep -q "corrupt.safetensors" "$tmp/ex.out" || fail "example error does not name the file: $(cat "$tmp/ex.out")"
fi
expect 1 "resume with the same flags" "${common[@]}" --out "$tmp/b" --resume --hidden 64

# every model and optimizer resumes exactly: 2 + 2 steps end where 4 end (Adam's moments travel
# in the checkpoint), with the dilations, layers, weight decay and schedules of the flags
variants=("--model conv --dilations 1,2,4 --layers 4 --optimizer adam"
          "--model mlp --optimizer adamw --schedule cosine"
          "--model conv --weight-decay 0.001 --schedule constant"
          "--model gated --dilations 1,2 --layers 3"
          "--model gated --optimizer adamw --schedule step")
for variant in "${variants[@]}"; do
  read -ra v <<<"$variant"
  rm -rf "$tmp/r4" "$tmp/r2"
  c=(--data "$tmp/small.txt" --steps 4 --eval-every 2 --sample 3 --embd 4 --hidden 16 "${v[@]}")
  expect 0 "samples:" "${c[@]}" --out "$tmp/r4" --metrics "$tmp/r4.json"
  expect 0 "checkpoint saved at step 2" "${c[@]}" --out "$tmp/r2" --stop-after 2
  expect 0 "resuming from step 2" "${c[@]}" --out "$tmp/r2" --resume --metrics "$tmp/r22.json"
  diff <(strip "$tmp/r4.json") <(strip "$tmp/r22.json") >/dev/null || fail "$variant: resumed run differs"
done

# --patience: stops when the val loss has not improved for that many evaluations, finishes with
# the best weights, and --sample-only samples them
p=(--data "$tmp/small.txt" --model mlp --hidden 16 --steps 3000 --eval-every 5 --patience 2 --lr 0.5 --sample 2)
expect 0 "early stop at step" "${p[@]}" --out "$tmp/pat"
grep -q "best val .* at step" "$tmp/out" || fail "--patience did not name the best step: $(tail -c 300 "$tmp/out")"
[ -f "$tmp/pat/best.safetensors" ] || fail "--patience kept no best.safetensors"
expect 0 "resuming from step" "${p[@]}" --out "$tmp/pat" --resume  # already stopped: trains no more
grep -q "early stop at step" "$tmp/out" || fail "a resumed early-stopped run trained on: $(tail -c 300 "$tmp/out")"
expect 0 "loaded $tmp/pat/best.safetensors" --sample-only --out "$tmp/pat" --sample 2

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
