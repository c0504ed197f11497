#!/usr/bin/env bash
# Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/ (committed; run again
# only to remake it): tiny checkpoints written by short runs of the apps, and small CSVs, word
# lists and command lines, valid and not. scripts/fuzz.sh fuzzes a copy, never these files.
# usage: fuzz/make_corpus.sh BUILD_DIR   (a build with the makemore and forecast programs)
set -euo pipefail
build=$(realpath "${1:?usage: fuzz/make_corpus.sh BUILD_DIR}")
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
c=corpus
rm -rf "$c" && mkdir -p "$c"/{safetensors,makemore_checkpoint,forecast_checkpoint,csv,words,makemore_options,forecast_options}

# --- checkpoints: tiny runs of both apps ---
head -n 200 ../data/names.txt >"$tmp/words.txt"
awk 'BEGIN { print "date,load,temp"; for (i = 0; i < 60; i++)
  printf "2021-01-%02d %02d:00:00,%.2f,%.1f\n", 1 + int(i / 24), i % 24, sin(i / 5), cos(i / 7) }' >"$tmp/hours.csv"
mm() { "$build/makemore" --data "$tmp/words.txt" --steps 2 --eval-every 1 --sample 0 --out "$tmp/makemore_$1" "${@:2}" >/dev/null; }
mm mlp --model mlp --block-size 3 --embd 2 --hidden 4
mm wavenet --model wavenet --block-size 4 --embd 2 --hidden 4
mm conv --model conv --block-size 2 --embd 2 --hidden 4
fc() { "$build/forecast" --series 40 --window 8 --epochs 1 --linear-epochs 0 --out "$tmp/forecast_$1" "${@:2}" >/dev/null; }
fc linear --model linear
fc wavenet --model wavenet --channels 2 --stacks 1
fc tutorial --model tutorial --filters 2
fc quantiles --model dlinear --horizon 2 --quantiles 0.1,0.5,0.9
fc calendar --data "$tmp/hours.csv" --target load --model nlinear --calendar --features temp --window 8 --split 0.6,0.2,0.2
# the apps' loaders read "<JSON header>\0<data section>" (fuzz/checkpoint_input.h)
split_checkpoint() {
  local n
  n=$(od -An -t u8 -N8 "$1" | tr -d ' ')
  { tail -c +9 "$1" | head -c "$n"; printf '\0'; tail -c +$((9 + n)) "$1"; } >"$2"
}
for run in mlp wavenet conv; do
  cp "$tmp/makemore_$run/model.safetensors" "$c/safetensors/makemore_$run.safetensors"
  split_checkpoint "$tmp/makemore_$run/model.safetensors" "$c/makemore_checkpoint/$run"
done
for run in linear wavenet tutorial quantiles calendar; do
  cp "$tmp/forecast_$run/model.safetensors" "$c/safetensors/forecast_$run.safetensors"
  split_checkpoint "$tmp/forecast_$run/model.safetensors" "$c/forecast_checkpoint/$run"
done
printf '\x02\0\0\0\0\0\0\0{}' >"$c/safetensors/empty"
printf '\x10\0\0\0\0\0\0\0{"__metadata__":{}}' | head -c 24 >"$c/safetensors/truncated_header"

# --- CSV ---
head -n 30 ../data/co2-concentration.csv >"$c/csv/monthly.csv"
head -n 30 "$tmp/hours.csv" >"$c/csv/hourly.csv"
printf '\xef\xbb\xbfdate,"load, kW",temp\r\n2021-01-01,1.5,2\r\n2021-01-02,,3\r\n2021-01-03,"2.5",4\r\n' >"$c/csv/bom_quotes_gaps.csv"
printf 'x,y\n1,2\n3,4\n5,inf\n' >"$c/csv/no_time.csv"
printf 'date,v\n2021-01-03,1\n2021-01-02,2\n2021-01-02,3\n' >"$c/csv/unsorted.csv"
printf 'ds;v\n2021-01-01;1\n' >"$c/csv/semicolon.csv"
printf 'timestamp,v\n2021-01-01T00:00:00,1\n2021-01-01T00:15:00,2\n2021-01-01T00:30:00,"3\n' >"$c/csv/unclosed.csv"

# --- word lists ---
head -n 40 ../data/names.txt >"$c/words/names.txt"
printf '\xef\xbb\xbfemma\r\nolivia\r\n  ava  \r\n\r\nmia\n' >"$c/words/bom_crlf.txt"
printf 'zoë\nrenée\nbjörk\n李娜\n' >"$c/words/utf8.txt"
printf 'emma\nol\xc3\x28via\n' >"$c/words/bad_utf8.txt"
printf 'em.ma\nava\n' >"$c/words/dot.txt"
printf 'aa\naaa\n' >"$c/words/one_character.txt"

# --- command lines: one argument per line (fuzz/arguments.h) ---
args() { printf '%s\n' "${@:2}" | head -c -1 >"$1"; }
o=$c/makemore_options
args "$o/defaults" --data data/names.txt
args "$o/mlp" --model mlp --block-size 3 --embd 10 --hidden 200 --steps 1000 --batch 32 --lr 0.1
args "$o/conv" --model conv --block-size 16 --batch 64 --lr=0.5 --eval-every 100
args "$o/sampling" --sample-only --sample 5 --temperature 0.8 --top-k 3 --out out/m --seed 7
args "$o/resume" --resume --stop-after 10 --steps 20 --metrics m.json --threads 2
args "$o/bad" --steps abc --lr nan --block-size 0
args "$o/huge" --model mlp --block-size 1024 --embd 65536 --hidden 65536
args "$o/help" --help
o=$c/forecast_options
args "$o/defaults" --epochs 1
args "$o/wavenet" --model wavenet --head direct --linear-path --window 336 --horizon 96 --channels 32 --stacks 1
args "$o/csv" --data data.csv --target load --features temp,hum --fill --calendar --split 0.7,0.1,0.2 --norm revin
args "$o/all" --data data.csv --target all --channel-independent=false --model dlinear --lr-decay 0.5
args "$o/quantiles" --quantiles 0.1,0.5,0.9 --emit 4 --horizon 4 --patience 3 --final-lr 0.1
args "$o/predict" --predict-only --data new.csv --out out/f
args "$o/baselines" --season 12 --backtest 5 --model seq2seq --filters 20 --series 500 --batch 64
args "$o/huge" --model wavenet --channels 65536 --window 1000000 --batch 1048576
args "$o/help" --help
echo "corpus: $(find "$c" -type f | wc -l) files in fuzz/corpus"
