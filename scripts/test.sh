#!/usr/bin/env bash
# One command for the test suite: install, start the project's Neo4j, lint, type-check,
# run the tests (Neo4j included; a skipped Neo4j test fails the run), and stop Neo4j
# again even when something fails.
#
#   scripts/test.sh [PYTEST ARGS...]        the push run: every test but those marked slow
#   scripts/test.sh --all [PYTEST ARGS...]  every test, slow ones too (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."

selection=(-m "not slow")
if [ "${1:-}" = "--all" ]; then
  selection=()
  shift
fi
scripts/setup.sh

started_neo4j=0
if ! scripts/neo4j.sh status >/dev/null 2>&1; then
  scripts/neo4j.sh start
  started_neo4j=1
fi
cleanup() { if [ "$started_neo4j" = 1 ]; then scripts/neo4j.sh stop || true; fi; }
trap cleanup EXIT

echo "== ruff" >&2
.venv/bin/ruff check .
echo "== lint-imports" >&2
.venv/bin/lint-imports
echo "== mypy --strict (what [tool.mypy] in pyproject.toml names)" >&2
.venv/bin/mypy
echo "== pytest" >&2
.venv/bin/pytest --require-neo4j ${selection[@]+"${selection[@]}"} "$@"
