#!/usr/bin/env bash
# Lagebild beside its peers on one corpus, two tables written into docs/BENCHMARKS.md:
# - search: tantivy (PyPI `tantivy`) and SQLite FTS5 index the same texts and answer the same queries;
# - text stages (textpeers.py): spaCy's tokenizer and sentencizer, a CRF tagger (sklearn-crfsuite),
#   dateparser and ripgrep on a sample of the same corpus.
#
#   Benchmarks/peers/run.sh [CORPUS.jsonl[.gz]] [QUERIES_PER_KIND] [GERMEVAL.tsv]
#
# The Python peers are installed into a virtualenv (.venv-peers, git-ignored) on first use; ripgrep from
# Debian's packages when missing (its row is left out if that fails).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-$root/../shared/data/news/fang-covid-de.jsonl.gz}
queries=${2:-1000}
germeval=${3:-$root/../shared/data/ner/germeval2014-test.tsv}
[ -f "$corpus" ] || { echo "error: corpus $corpus not found (pass a JSONL or JSONL.gz file)" >&2; exit 2; }
venv=${VENV:-$root/.venv-peers}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { echo "error: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 2; }
fi
"$venv/bin/pip" install -q "tantivy==0.27.0" "spacy==3.8.*" "sklearn-crfsuite==0.5.*" "dateparser==1.5.*"
if ! command -v rg >/dev/null; then
    (apt-get install -y ripgrep || sudo apt-get install -y ripgrep) >/dev/null 2>&1 || echo "note: ripgrep not installed; its row is left out" >&2
fi
cd "$root"
swift build -c release --product lagebild >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/lagebild bench "$corpus" --no-entities --workers 1,2 --runs 3 --queries "$queries" \
    --queries-out "$work/queries.jsonl" --format json > "$work/ours.json"
"$venv/bin/python" Benchmarks/peers/peers.py --corpus "$corpus" --queries "$work/queries.jsonl" \
    --ours "$work/ours.json" --update docs/BENCHMARKS.md
[ -f "$germeval" ] || { echo "error: GermEval file $germeval not found (third argument)" >&2; exit 2; }
"$venv/bin/python" Benchmarks/peers/textpeers.py --corpus "$corpus" --germeval "$germeval" --queries "$work/queries.jsonl" \
    --ours "$work/ours.json" --binary .build/release/lagebild --update docs/BENCHMARKS.md
