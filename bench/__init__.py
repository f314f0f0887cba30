"""Convene's benchmarks: each figure measured beside its baseline, in the same run.

Run ``python -m bench --quick --out DIR`` (or ``convene bench``); see :mod:`bench.main`
for the options and :mod:`bench.workloads` for what is measured.
"""
