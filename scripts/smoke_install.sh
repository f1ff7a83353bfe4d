#!/usr/bin/env bash
# Install smoke test: install Rashomon from this tree (not editable, only what pyproject.toml
# declares) into a fresh venv, then run the installed CLI on one tiny file of every input format.
#   scripts/smoke_install.sh [VENV_DIR]     (default: a temporary folder, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
DIR=${1:-$(mktemp -d)}
[ -n "${1:-}" ] || trap 'rm -rf "$DIR"' EXIT
"$PY" -m venv "$DIR/venv"
"$DIR/venv/bin/python" -m pip install -q --disable-pip-version-check . 2>&1 | grep -v "^WARNING: Location" || true
"$DIR/venv/bin/python" scripts/smoke_install.py "$DIR/venv/bin/rashomon"
