"""The benchmark command: ``python -m bench`` or ``convene bench``.

``--quick`` measures a network of 10,000 people (about 100,000 relationships) in a few
minutes; the default measures 100,000 people (about a million relationships).
``--people`` sets any other size. The run prepares its own data in a temporary
directory, starts its own Neo4j server (never the shared one), runs each workload with
a warm-up, prints each figure beside its baseline as it goes, and writes
``results.json``, ``results.md`` and ``results.png`` into ``--out``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from bench.context import STORE_KINDS, BenchContext, BenchOptions
from bench.figures import Figure
from bench.report import RunInfo, format_value, write_results
from bench.workloads import WORKLOADS, workload_names
from data.synth import MAX_PEOPLE

__all__ = ["add_arguments", "build_parser", "main", "options_from_args", "run"]

QUICK_PEOPLE = 10_000
DEFAULT_PEOPLE = 100_000


def _names(text: str, allowed: Sequence[str], what: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(unknown) or text!r} (choose from {', '.join(allowed)})"
        )
    return names


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the benchmark's options to ``parser`` (shared with ``convene bench``)."""
    parser.add_argument("--out", required=True, type=Path, help="where to write the results")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"measure {QUICK_PEOPLE:,} people instead of {DEFAULT_PEOPLE:,}",
    )
    parser.add_argument("--people", type=int, help="the size of the synthetic network")
    parser.add_argument("--seed", type=int, default=1, help="the synthetic network's seed")
    parser.add_argument(
        "--stores",
        type=lambda text: _names(text, STORE_KINDS, "store"),
        default=STORE_KINDS,
        help="comma-separated stores to measure (default: embedded,neo4j)",
    )
    parser.add_argument(
        "--workloads",
        type=lambda text: _names(text, workload_names(), "workload"),
        default=tuple(workload_names()),
        help=f"comma-separated workloads (default: all of {','.join(workload_names())})",
    )
    parser.add_argument(
        "--baseline-rows",
        type=int,
        help="rows written one per transaction for the import baseline "
        "(default 2,000; 1,000 with --quick)",
    )
    parser.add_argument(
        "--repeats", type=int, default=2, help="runs per timed step; the best one counts"
    )


def build_parser(prog: str = "python -m bench") -> argparse.ArgumentParser:
    """The parser of ``python -m bench`` (or of ``convene bench``, named by ``prog``)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Measure Convene against baselines measured in the same run.",
    )
    add_arguments(parser)
    return parser


def options_from_args(args: argparse.Namespace) -> BenchOptions:
    """The options that parsed arguments ask for."""
    people = args.people or (QUICK_PEOPLE if args.quick else DEFAULT_PEOPLE)
    if not 1 <= people <= MAX_PEOPLE:
        raise ValueError(f"--people must be between 1 and {MAX_PEOPLE:,}, not {people}")
    return BenchOptions(
        out=args.out,
        people=people,
        seed=args.seed,
        quick=args.quick,
        stores=tuple(args.stores),
        workloads=tuple(args.workloads),
        baseline_rows=max(10, args.baseline_rows or (1000 if args.quick else 2000)),
        repeats=max(1, args.repeats),
    )


def _stop_on_terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def run(options: BenchOptions) -> list[Figure]:
    """Run the selected workloads and write the results; the figures, in order.

    A workload that fails is reported as not measured with the error, and the others
    still run. The temporary data and the private Neo4j are gone when this returns.
    """
    started = time.perf_counter()
    figures: list[Figure] = []
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _stop_on_terminate)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        with BenchContext(options) as ctx:
            ctx.prepare()
            for workload in WORKLOADS:
                if workload.name not in options.workloads:
                    continue
                ctx.log(f"workload {workload.name}")
                try:
                    figures.extend(workload.run(ctx))
                except Exception as error:  # report it, and carry on with the rest
                    ctx.log(f"workload {workload.name} failed: {error!r}")
                    figures.extend(
                        spec.skip(f"the workload failed: {type(error).__name__}: {error}")
                        for spec in workload.figures(options.stores)
                    )
            summary = ctx.summary
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    info = RunInfo(
        people=options.people,
        nodes=summary.total_nodes,
        relationships=summary.total_relationships,
        seed=options.seed,
        quick=options.quick,
        stores=options.stores,
        seconds=time.perf_counter() - started,
    )
    write_results(figures, options.out, info)
    return figures


def print_summary(figures: Sequence[Figure]) -> None:
    """Each figure beside its baseline, one line each, on stdout."""
    for figure in figures:
        verdict = "met" if figure.met else "NOT met"
        ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else "-"
        print(
            f"{figure.name}: {format_value(figure.value, figure.unit)} vs "
            f"{format_value(figure.baseline_value, figure.unit)} ({figure.baseline}); "
            f"ratio {ratio}; goal {figure.goal}: {verdict}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m bench``; the exit code (0 even when goals are missed)."""
    args = build_parser().parse_args(argv)
    try:
        options = options_from_args(args)
    except ValueError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    try:
        figures = run(options)
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    print_summary(figures)
    print(f"results in {options.out}", file=sys.stderr)
    return 0
