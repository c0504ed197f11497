#!/usr/bin/env bash
# Both apps under mpirun give what one process gives. Each case trains the same run twice, once
# alone and once data-parallel (the global batch split over the ranks), and compares the losses
# the metrics JSON reports. Then: a run stopped under 2 ranks and resumed by one process ends
# where the uninterrupted run ends, and a rank killed with SIGKILL ends the whole job (no hang)
# with the checkpoint it last wrote intact.
#
# Tolerance 2e-4 on losses near 2: the ranks sum their rows in another grouping than one process
# does and MPI adds the ranks' gradients in its own order, so the float32 weights part in their
# last bits (about 1e-7 relative per step); a few hundred SGD steps at lr 0.1 carry that to about
# 1e-5 here. Dropping the loss shares or the BatchNorm synchronisation moves them by 1e-2 or more.
# usage: apps_mpi.sh MPIRUN MAKEMORE FORECAST NAMES_FILE
set -u
mpirun=$1 makemore=$2 forecast=$3 names=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
np() { local n=$1; shift; timeout -k 5 300 "$mpirun" --allow-run-as-root --oversubscribe \
  --mca btl_vader_single_copy_mechanism none -np "$n" "$@"; }
# the numbers of a JSON field, one per line (a number or an array of them)
field() { tr -d '\n ' <"$1" | sed -n "s/.*\"$2\":\(\[[^]]*\]\|[-0-9.e+]*\).*/\1/p" | tr -d '[]' | tr ',' '\n'; }
# same FILE_A FILE_B FIELD TOL: every number of FIELD within TOL of the other run's
same() {
  local a b
  a=$(field "$1" "$3"); b=$(field "$2" "$3")
  if [ -z "$a" ] || [ "$(wc -l <<<"$a")" -ne "$(wc -l <<<"$b")" ]; then fail "$3: '$a' vs '$b'"; return; fi
  paste <(echo "$a") <(echo "$b") | awk -v tol="$4" -v f="$3" '{ d = $1 - $2; if (d < 0) d = -d;
    if (d > tol) { print "FAIL: " f ": " $1 " alone, " $2 " data-parallel"; bad = 1 } } END { exit bad }' ||
    failures=$((failures + 1))
  echo "$3: $(echo $a) alone; $(echo $b) data-parallel"
}
head -n 3000 "$names" >"$tmp/names.txt"

# --- makemore: the lecture's model (BatchNorm over (batch, time)), 2 ranks; conv (masked BatchNorm), 3 ---
common=(--data "$tmp/names.txt" --sample 0)
"$makemore" "${common[@]}" --steps 300 --eval-every 100 --out "$tmp/w1" --metrics "$tmp/w1.json" >/dev/null ||
  fail "makemore alone"
np 2 "$makemore" "${common[@]}" --steps 300 --eval-every 100 --out "$tmp/w2" --metrics "$tmp/w2.json" >"$tmp/w2.out" ||
  fail "makemore -np 2: $(tail -3 "$tmp/w2.out")"
grep -q "data parallel: 2 processes" "$tmp/w2.out" || fail "makemore -np 2 did not say it runs data-parallel"
[ "$(grep -c "^final losses" "$tmp/w2.out")" -eq 1 ] || fail "makemore -np 2: the results not printed once"
for f in train_loss val_loss test_loss; do same "$tmp/w1.json" "$tmp/w2.json" $f 2e-4; done
"$makemore" "${common[@]}" --model conv --steps 200 --eval-every 100 --out "$tmp/c1" --metrics "$tmp/c1.json" >/dev/null ||
  fail "makemore conv alone"
np 3 "$makemore" "${common[@]}" --model conv --steps 200 --eval-every 100 --out "$tmp/c3" --metrics "$tmp/c3.json" >/dev/null ||
  fail "makemore conv -np 3"
for f in train_loss val_loss test_loss; do same "$tmp/c1.json" "$tmp/c3.json" $f 2e-4; done

# --- resume with another number of processes: stopped under 2 ranks, finished by one ---
np 2 "$makemore" "${common[@]}" --steps 300 --eval-every 100 --stop-after 150 --out "$tmp/r" >/dev/null ||
  fail "makemore -np 2 --stop-after"
"$makemore" "${common[@]}" --steps 300 --eval-every 100 --resume --out "$tmp/r" --metrics "$tmp/r.json" >/dev/null ||
  fail "makemore --resume after -np 2"
for f in train_loss val_loss test_loss; do same "$tmp/w1.json" "$tmp/r.json" $f 2e-4; done

# --- forecast: the tutorial's model on the synthetic series, 2 ranks, one epoch ---
# One epoch, since Adam (with Keras's eps 1e-7) divides each gradient by the square root of its
# running second moment: where that is near zero, a difference in the last bits of the gradient
# becomes a difference of the order of the learning rate in the step. Two runs that differ only
# in their summation order part by about 1e-4 relative after 3 epochs (measured: validation MSE
# 0.05900 alone, 0.05870 with 2 ranks), not by a mistake: epoch 1 agrees to about 1e-9.
fc=(--series 2000 --epochs 1 --linear-epochs 0)
"$forecast" "${fc[@]}" --out "$tmp/f1" --metrics "$tmp/f1.json" >/dev/null || fail "forecast alone"
np 2 "$forecast" "${fc[@]}" --out "$tmp/f2" --metrics "$tmp/f2.json" >"$tmp/f2.out" ||
  fail "forecast -np 2: $(tail -3 "$tmp/f2.out")"
for f in train_loss_per_epoch val_mse_per_epoch test_mse; do same "$tmp/f1.json" "$tmp/f2.json" $f 1e-6; done

# --- a rank killed: the job ends at once with an error naming it, the last checkpoint stays whole ---
np 2 "$makemore" "${common[@]}" --steps 1000000 --eval-every 50 --out "$tmp/k" >/dev/null 2>"$tmp/k.err" &
job=$!
for _ in $(seq 100); do [ -f "$tmp/k/model.safetensors" ] && break; sleep 0.2; done
sleep 0.5
rank=$(pgrep -f "^$makemore .*--out $tmp/k" | tail -1)  # a rank (mpirun's own command line starts with mpirun)
killed_at=$SECONDS
if [ -z "$rank" ]; then fail "no rank process found to kill"; else kill -9 "$rank"; fi
wait $job
code=$? took=$((SECONDS - killed_at))
# mpirun exits with the killed rank's status (137 = 128 + SIGKILL); 300 s would be the timeout
[ "$code" -ne 0 ] || fail "a killed rank went unnoticed (mpirun exited 0)"
[ "$took" -lt 60 ] || fail "a killed rank: the job took $took s to end (a hang until the timeout)"
grep -q "exited on signal 9" "$tmp/k.err" || fail "a killed rank: mpirun did not say which: $(tail -c 300 "$tmp/k.err")"
"$makemore" --sample-only --out "$tmp/k" --sample 1 >/dev/null 2>&1 || fail "the checkpoint of the killed run does not load"
echo "killed a rank: the job ended after $took s with exit $code; $(grep -m1 "exited on signal" "$tmp/k.err" | sed 's/^ *//')"

[ "$failures" -eq 0 ] && echo "apps under mpirun: all cases passed" || echo "$failures failure(s)"
exit $((failures > 0))
