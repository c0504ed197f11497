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
expect 2 "makemore: --dropout is for --model conv or gated, not mlp" --model mlp --dropout 0.1
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
          "--model conv --weight-decay 0.001 --schedule constant --dropout 0.2"
          "--model gated --dilations 1,2 --layers 3"
          "--model gated --optimizer adamw --schedule step"
          "--model gated --dilations 1,2 --dropout 0.3")  # the dropout masks resume too
for variant in "${variants[@]}"; do
  read -ra v <<<"$variant"
  rm -rf "$tmp/r4" "$tmp/r2"
  c=(--data "$tmp/small.txt" --steps 4 --eval-every 2 --sample 3 --embd 4 --hidden 16 "${v[@]}")
  expect 0 "samples:" "${c[@]}" --out "$tmp/r4" --metrics "$tmp/r4.json"
  expect 0 "checkpoint saved at step 2" "${c[@]}" --out "$tmp/r2" --stop-after 2
  expect 0 "resuming from step 2" "${c[@]}" --out "$tmp/r2" --resume --metrics "$tmp/r22.json"
  diff <(strip "$tmp/r4.json") <(strip "$tmp/r22.json") >/dev/null || fail "$variant: resumed run differs"
done

# labelled words (word, tab, label): a conditional gated model. The two labels spell the names
# with disjoint letters (a-m and n-z), so a model that uses its label samples each label's letters.
head -n 400 "$names" | tr a-z a-ma-m | sed 's/$/\tlo/' >"$tmp/labelled.txt"
head -n 400 "$names" | tr a-z n-zn-z | sed 's/$/\thi/' >>"$tmp/labelled.txt"
sed 's/\tlo$/\tlow/' "$tmp/labelled.txt" >"$tmp/relabelled.txt"
printf 'emma\tx\nolivia\n' >"$tmp/mixed.txt"
expect 1 "mixed.txt:2: 'olivia' has no label (a tab, then the label), but line 1 has one" --data "$tmp/mixed.txt"
expect 2 "makemore: --data $tmp/labelled.txt has labels (a second, tab-separated column), which only --model conv or gated can take, not wavenet" \
  --data "$tmp/labelled.txt"
expect 2 "makemore: --condition is for a model trained on labelled words" --sample-only --out "$tmp/b" --condition lo
expect 2 "makemore: --condition 'xx' is not a label of the model (hi, lo)" --data "$tmp/labelled.txt" --model gated --condition xx
lab=(--data "$tmp/labelled.txt" --model gated --embd 16 --hidden 16 --dilations 1,2,4 --steps 300 --eval-every 300)
expect 0 "recognised as lo" "${lab[@]}" --out "$tmp/lab" --sample 20 --condition lo
grep -q "label hi:" "$tmp/out" && fail "--condition lo sampled the label hi too"
recognised=$(sed -n 's/^recognised as lo .*: \([0-9]*\) of 20 .*/\1/p' "$tmp/out")
[ "${recognised:-0}" -ge 18 ] || fail "--condition lo: only ${recognised:-0} of 20 samples recognised as lo: $(tail -c 600 "$tmp/out")"
expect 0 "label lo:" --data "$tmp/labelled.txt" --sample-only --out "$tmp/lab" --sample 5  # every label in turn
grep -q "label hi:" "$tmp/out" || fail "--sample-only without --condition did not sample every label"
expect 2 "makemore: --condition 'xx' is not a label of the model (hi, lo)" --data "$tmp/labelled.txt" --sample-only --out "$tmp/lab" --condition xx
expect 1 "was trained on the labels [\"hi\",\"lo\"], but --data $tmp/relabelled.txt has [\"hi\",\"low\"]" \
  "${lab[@]:2}" --data "$tmp/relabelled.txt" --out "$tmp/lab" --resume
# one labelled word per batch, and splits of one word: labels (1,), not a 0-d tensor
head -n 10 "$tmp/labelled.txt" >"$tmp/ten.txt"
expect 0 "split 8 / 1 / 1 words; 1 labels" --data "$tmp/ten.txt" --model gated --embd 4 --hidden 4 --dilations 1,2 \
  --batch 1 --steps 3 --out "$tmp/one" --sample 2
# a conditional model resumes exactly too, and conv takes labels as gated does
for model in gated conv; do
  rm -rf "$tmp/r4" "$tmp/r2"
  c=(--data "$tmp/labelled.txt" --model $model --embd 4 --hidden 16 --dilations 1,2 --steps 4 --eval-every 2 --sample 3 --condition hi)
  expect 0 "recognised as hi" "${c[@]}" --out "$tmp/r4" --metrics "$tmp/r4.json"
  expect 0 "checkpoint saved at step 2" "${c[@]}" --out "$tmp/r2" --stop-after 2
  expect 0 "resuming from step 2" "${c[@]}" --out "$tmp/r2" --resume --metrics "$tmp/r22.json"
  diff <(strip "$tmp/r4.json") <(strip "$tmp/r22.json") >/dev/null || fail "labelled $model: resumed run differs"
done
expect 0 "recognised as lo" "${lab[@]:0:2}" --model conv --steps 300 --eval-every 300 --out "$tmp/labconv" --sample 20 --condition lo
recognised=$(sed -n 's/^recognised as lo .*: \([0-9]*\) of 20 .*/\1/p' "$tmp/out")
[ "${recognised:-0}" -ge 18 ] || fail "conv --condition lo: only ${recognised:-0} of 20 samples recognised as lo: $(tail -c 600 "$tmp/out")"

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
