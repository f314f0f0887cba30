"""Convene's benchmarks: each figure measured beside its baseline, in the same run.

Run ``python -m bench --quick --out DIR`` (or ``convene bench``); see :mod:`bench.main`
for the options and :mod:`bench.workloads` for what is measured. The benchmark runs from
a source checkout (it starts ``scripts/neo4j.sh`` and the npm baseline in
``bench/neo4j_graphql``) and needs the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import importlib.util

__all__ = ["EXTRA_MODULES", "missing_modules"]

EXTRA_MODULES: tuple[str, ...] = ("httpx", "matplotlib", "lxml")
"""What the ``bench`` extra of ``pyproject.toml`` installs, by import name."""


def missing_modules() -> list[str]:
    """The modules of the ``bench`` extra that cannot be imported here.

    Examples
    --------
    >>> set(missing_modules()) <= set(EXTRA_MODULES)
    True
    """
    return [name for name in EXTRA_MODULES if importlib.util.find_spec(name) is None]
