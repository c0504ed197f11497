#!/usr/bin/env bash
# kill -9 during checkpoint writes, in a loop: makemore writes its checkpoint at every step
# (--eval-every 1) of a model large enough (4 MB) that a write takes a while, and is killed at a
# random moment, again and again, resuming each time. After every kill the checkpoint must load
# and hold at least as many steps as the one before it (the old or the new checkpoint, never a
# torn one, never an earlier one), and the temporary file the killed writer left is removed by the
# next run.
# usage: kill_during_write.sh MAKEMORE NAMES_FILE [ROUNDS (default 100)]
set -u
bin=$1 names=$2 rounds=${3:-100}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n 500 "$names" >"$tmp/words.txt"
flags=(--data "$tmp/words.txt" --model mlp --block-size 8 --embd 64 --hidden 2048 --batch 8 --steps 100000000
       --eval-every 1 --sample 0 --out "$tmp/run")
failures=0 torn=0 stale_seen=0 last_step=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# The step a checkpoint holds, from its metadata, or nothing if it does not load.
step_of() {
  "$bin" --sample-only --sample 1 --out "$tmp/run" >/dev/null 2>&1 || return 1
  grep -ao '"step":"[0-9]*"' "$tmp/run/model.safetensors" | head -1 | tr -dc 0-9
}
for round in $(seq 1 "$rounds"); do
  resume=()
  [ -f "$tmp/run/model.safetensors" ] && resume=(--resume)
  "$bin" "${flags[@]}" "${resume[@]}" >"$tmp/log" 2>&1 &
  pid=$!
  # the first round until its first checkpoint exists; then a random moment 0.1 to 1.2 s after the start,
  # which lands in start-up, in steps or (most often: a write of 4 MB with fsync is the longest
  # part of a step) in a checkpoint write
  if [ "$round" -eq 1 ]; then
    for _ in $(seq 1 1000); do
      [ -f "$tmp/run/model.safetensors" ] && break
      sleep 0.01
    done
  fi
  ms=$((100 + RANDOM % 1100))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  ls "$tmp/run" | grep -q '\.tmp\.' && stale_seen=$((stale_seen + 1))
  if ! step=$(step_of) || [ -z "$step" ]; then
    torn=$((torn + 1))
    fail "round $round: the checkpoint does not load: $("$bin" --sample-only --out "$tmp/run" 2>&1 | tail -1)"
    break
  fi
  [ "$step" -ge "$last_step" ] || fail "round $round: the checkpoint went back from step $last_step to $step"
  last_step=$step
done
# the next run removes what the killed writers left
"$bin" "${flags[@]}" --resume --stop-after $((last_step + 1)) >"$tmp/log" 2>&1 || fail "the last resume failed: $(tail -c 300 "$tmp/log")"
ls "$tmp/run" | grep -q '\.tmp\.' && fail "temporary files left after the next run: $(ls "$tmp/run")"
echo "kill_during_write: $rounds rounds, checkpoint at step $last_step, $torn torn, a killed writer's temporary file seen in $stale_seen rounds, $failures failures"
exit $((failures > 0))
