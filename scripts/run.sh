#!/usr/bin/env bash
# One command from a fresh clone: install, load the demo network into the embedded
# store, and serve the API and playground on http://127.0.0.1:8000/graphql.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-browser
.venv/bin/convene seed
exec .venv/bin/convene serve "$@"
