#!/usr/bin/env bash
# Install what is needed (venv, extras, chromium for the browser tests) and run the test suite:
# the install smoke test (a fresh venv from pyproject.toml reads every input format), then the
# default set, then the tests marked slow.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
bash scripts/smoke_install.sh
set +e
.venv/bin/python -m pytest -q "$@"
fast=$?
.venv/bin/python -m pytest -q -m slow "$@"
slow=$?
set -e
# pytest exits 5 when a selection holds no test; that is not a failure of the slow set.
[ "$slow" = 5 ] && slow=0
[ "$fast" = 0 ] && [ "$slow" = 0 ]
