#!/usr/bin/env bash
# Seeds both fuzz corpora from the examples and the rule fixtures (idempotent).
set -euo pipefail
cd "$(dirname "$0")"
for target in load check_fix; do
  mkdir -p "corpus/$target"
  cp ../examples/*.yaml ../tests/fixtures/rules/*.yaml "corpus/$target/"
done
