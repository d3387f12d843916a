#!/usr/bin/env bash
# Benchmark: aterrapport against check-jsonschema and ajv-cli on the same generated corpus.
# Usage: bench/run.sh            (BENCH_REPEATS=5 bench/run.sh for more repeats; default 3.
#                                 BENCH_CJS_REPEATS=3 to repeat check-jsonschema's minute-long
#                                 1,000-report run too; default 1)
# Installs check-jsonschema into bench/.venv and ajv-cli into bench/node_modules, builds the
# release binary, writes corpora of 100, 1,000 and 10,000 reports and 300 copies of Region
# Skåne's report under bench/corpus, prints the tables of README.md's "Performance" section and
# ends with one line per target of issue 12 (met or MISSED, by how much). Needs python3, npm and
# /usr/bin/time. Takes about 7 minutes on 2 cores with the default repeats.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x bench/.venv/bin/check-jsonschema ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet check-jsonschema==0.39.0
fi
if [ ! -x bench/node_modules/.bin/ajv ]; then
  npm install --no-save --no-audit --no-fund --prefix bench ajv-cli@5.0.0 ajv-formats@3.0.1 >/dev/null
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench/run.sh: /usr/bin/time is missing (apt-get install time)" >&2
  exit 2
fi

# The binary alone first, as `cargo build --release` builds it: built together with an example,
# which brings the dev-dependencies' features in, its dependencies are built differently and
# their functions get other names than link/order.txt lists.
cargo build --release --quiet --bin aterrapport
cargo build --release --quiet --example gen_corpus
# How many of the functions link/order.txt names the binary still has (build.rs, `link_order`):
# after a change of dependencies, fewer; `python3 bench/link_order.py` makes the list again.
if command -v nm >/dev/null; then
  python3 bench/link_order.py --check
fi
for n in 100 1000 10000; do
  if [ ! -d "bench/corpus/$n" ]; then
    target/release/examples/gen_corpus "bench/corpus/$n" "$n" 2020
  fi
done
python3 bench/measure.py
