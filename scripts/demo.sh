#!/usr/bin/env bash
# Install what is needed and build a dossier from the sample articles in ../shared/seeds.
# Writes out/seeds/{dossier.sqlite,dossier.json,report.html}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
SEEDS=${SEEDS:-../shared/seeds}
.venv/bin/rashomon build "$SEEDS" --out out/seeds "$@"
echo "open out/seeds/report.html in a browser; the dossier JSON is out/seeds/dossier.json"
