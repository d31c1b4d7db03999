#!/usr/bin/env bash
# Lagebild beside its search peers on one corpus: tantivy (PyPI `tantivy`) and SQLite FTS5 index the same
# texts and answer the same queries; the table of figures and ratios goes into docs/BENCHMARKS.md.
#
#   Benchmarks/peers/run.sh [CORPUS.jsonl[.gz]] [QUERIES_PER_KIND]
#
# The Python peers are installed into a virtualenv (.venv-peers, git-ignored) on first use.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-$root/../shared/data/news/fang-covid-de.jsonl.gz}
queries=${2:-1000}
[ -f "$corpus" ] || { echo "error: corpus $corpus not found (pass a JSONL or JSONL.gz file)" >&2; exit 2; }
venv=${VENV:-$root/.venv-peers}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { echo "error: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 2; }
fi
"$venv/bin/pip" install -q "tantivy==0.27.0"
cd "$root"
swift build -c release --product lagebild >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/lagebild bench "$corpus" --no-entities --workers 1,2 --runs 3 --queries "$queries" \
    --queries-out "$work/queries.jsonl" --format json > "$work/ours.json"
"$venv/bin/python" Benchmarks/peers/peers.py --corpus "$corpus" --queries "$work/queries.jsonl" \
    --ours "$work/ours.json" --update docs/BENCHMARKS.md
