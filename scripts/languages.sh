#!/usr/bin/env bash
# Conditional makemore on real data nobody here wrote: Debian's word lists in five languages.
#
#   scripts/languages.sh [OUT_DIR] [WORDS_PER_LANGUAGE] [SAMPLES_PER_LANGUAGE] [STEPS]
#
# 1. Installs the word lists with apt if they are missing (wamerican wngerman wfrench wspanish
#    witalian: /usr/share/dict/american-english, ngerman, french, spanish, italian).
# 2. Builds OUT_DIR/languages.txt (default build/languages; never inside the sources), one
#    "word<TAB>language" per line, WORDS_PER_LANGUAGE (default 4000) of each language:
#    - lowercased (Python's str.lower, so Ä -> ä), because German capitalises its nouns and the
#      capital would give the language away without the model learning anything;
#    - only words made of letters (str.isalpha): entries with an apostrophe (English possessives
#      "ridge's", Italian elisions "dell'"), a hyphen, a dot or a digit are dropped, since they
#      are inflections or abbreviations of words the list already has, not new spellings;
#    - accented letters are kept (é, ñ, ß, à...): they are how these languages are written, and
#      the table below says how often a sample is recognised without any of them too;
#    - deterministic: the distinct words sorted, then every k-th (k = distinct / wanted), which
#      spreads the choice over the whole alphabet.
# 3. Trains the conditional gated model (build/makemore --model gated on the labelled file,
#    STEPS steps, default 2000) and samples SAMPLES_PER_LANGUAGE (default 200) words per language.
# 4. Measures how often a sample is recognised as the language it was drawn for, two ways:
#    the model's own likelihood (the argmax over the languages of log p(word | language), which
#    makemore prints), and an independent judge that never saw the model: a naive Bayes
#    classifier over character trigrams trained on the words of languages.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/languages}
per=${2:-4000}
samples=${3:-200}
steps=${4:-2000}
bin=${MAKEMORE:-$root/build/makemore}
[ -x "$bin" ] || { echo "languages.sh: $bin is missing; build first (scripts/setup.sh)" >&2; exit 1; }

langs=(de en es fr it)
declare -A list=([de]=ngerman [en]=american-english [es]=spanish [fr]=french [it]=italian)
declare -A package=([de]=wngerman [en]=wamerican [es]=wspanish [fr]=wfrench [it]=witalian)
missing=()
for l in "${langs[@]}"; do [ -f "/usr/share/dict/${list[$l]}" ] || missing+=("${package[$l]}"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} with apt-get"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y "${missing[@]}" >/dev/null
fi

mkdir -p "$out"
data=$out/languages.txt
python3 - "$data" "$per" "${langs[@]}" <<'EOF'
import sys
out, per, langs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
files = {"de": "ngerman", "en": "american-english", "es": "spanish", "fr": "french", "it": "italian"}
with open(out, "w", encoding="utf-8") as f:
    for lang in langs:
        with open("/usr/share/dict/" + files[lang], encoding="utf-8") as src:
            words = sorted({w for w in (line.strip().lower() for line in src) if w and w.isalpha()})
        if len(words) < per:
            sys.exit(f"languages.sh: /usr/share/dict/{files[lang]} has {len(words)} words of letters, fewer than {per}")
        step = len(words) / per
        for i in range(per):
            f.write(f"{words[int(i * step)]}\t{lang}\n")
        print(f"{lang}: {per} of the {len(words)} distinct lowercase words of letters in /usr/share/dict/{files[lang]}")
EOF

run=$out/run
echo "training: ${bin#"$root"/} --data ${data#"$root"/} --model gated --dropout 0 --steps $steps --out ${run#"$root"/}"
# no dropout: a few thousand steps see 16,000 words only a few times, too few to overfit
"$bin" --data "$data" --model gated --dropout 0 --steps "$steps" --eval-every "$steps" --out "$run" --sample 0 >"$out/train.log"
grep -E "^GatedWaveNet|^final losses|s of training$" "$out/train.log"
"$bin" --data "$data" --sample-only --out "$run" --sample "$samples" --metrics "$out/samples.json" >"$out/samples.log"

python3 - "$data" "$out/samples.json" "$samples" <<'EOF'
import json, math, sys
from collections import Counter, defaultdict
data, metrics, drawn = sys.argv[1], sys.argv[2], int(sys.argv[3])
words = defaultdict(list)
for line in open(data, encoding="utf-8"):
    w, lang = line.rstrip("\n").split("\t")
    words[lang].append(w)
# naive Bayes over the character trigrams of "..word.", add-one smoothing
def grams(w):
    w = ".." + w + "."
    return [w[i:i + 3] for i in range(len(w) - 2)]
counts = {l: Counter(g for w in ws for g in grams(w)) for l, ws in words.items()}
vocab = len(set().union(*counts.values()))
totals = {l: sum(c.values()) for l, c in counts.items()}
def judge(w):
    return max(counts, key=lambda l: sum(math.log((counts[l][g] + 1) / (totals[l] + vocab)) for g in grams(w)))
m = json.load(open(metrics))["labels"]
print(f"\n{drawn} samples per language; recognised as the language they were drawn for by")
print("  model: the conditional model's own likelihood (argmax over the languages, all samples)")
print("  trigrams: a character-trigram naive Bayes classifier trained on the word lists (distinct samples)")
print("  (plain: the distinct samples without any letter outside a-z, and how the trigrams judge those)\n")
print(f"{'language':<9}{'model':>8}{'trigrams':>10}{'new':>7}{'plain':>14}   samples")
ok = 0
for lang in sorted(m):
    s = m[lang]["samples"]
    model = 100 * m[lang]["recognised"] / drawn
    tri = 100 * sum(judge(w) == lang for w in s) / len(s)
    known = set(words[lang])
    new = 100 * sum(w not in known for w in s) / len(s)
    plain = [w for w in s if all("a" <= c <= "z" for c in w)]
    plain_tri = 100 * sum(judge(w) == lang for w in plain) / len(plain) if plain else float("nan")
    ok += model >= 80 and tri >= 80
    print(f"{lang:<9}{model:7.1f}%{tri:9.1f}%{new:6.0f}%{len(plain):5d} {plain_tri:6.1f}%   {' '.join(s[:8])}")
print(f"\n{ok} of {len(m)} languages recognised at least 80% of the time by both judges")
EOF
