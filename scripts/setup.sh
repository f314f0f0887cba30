#!/usr/bin/env bash
# Create the virtual environment and install Convene with its development tools.
# Idempotent and quick when nothing changed. Web assets (the offline playground) are
# built by scripts/setup-web.sh; `scripts/setup.sh --no-browser` skips installing the
# Chromium that only the browser test needs.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.convene-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python packages" >&2
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
if [ "${CONVENE_SKIP_WEB:-0}" != "1" ]; then
  scripts/setup-web.sh "$@"
fi
