"""Write a run's figures as ``results.json``, ``results.md`` and ``results.png``.

``results.json`` is a list of figure objects (see :class:`bench.figures.Figure`);
``results.md`` is a table of the same figures under a description of the run and the
machine; ``results.png`` draws every figure as a bar beside its baseline's bar.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from bench.figures import Figure

__all__ = ["RunInfo", "describe_machine", "format_value", "write_results"]


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What was run: the size of the network and the options."""

    people: int
    nodes: int
    relationships: int
    seed: int
    quick: bool
    stores: tuple[str, ...]
    seconds: float


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError):
        pass
    return None


def _neo4j_version() -> str:
    script = Path(__file__).resolve().parents[1] / "scripts" / "neo4j.sh"
    try:
        result = subprocess.run(
            ["bash", str(script), "version"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def describe_machine() -> dict[str, Any]:
    """The machine and software a run measured on.

    >>> sorted(describe_machine())[:3]
    ['cpu', 'cpus', 'load_average']
    """
    memory = _memory_gib()
    return {
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "memory_gib": round(memory, 1) if memory else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "neo4j": _neo4j_version(),
    }


def format_value(value: float | None, unit: str = "") -> str:
    """A figure's value for people: thousands separated, three significant digits.

    >>> format_value(52345.6, "relationships/s"), format_value(0.01234, "s")
    ('52,346 relationships/s', '0.0123 s')
    >>> format_value(None)
    'not measured'
    """
    if value is None:
        return "not measured"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def _markdown(figures: Sequence[Figure], run: RunInfo, machine: dict[str, Any]) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    mode = "quick" if run.quick else "default"
    lines = [
        "# Convene benchmark results",
        "",
        f"Run {when} ({mode}, {run.seconds:.0f} s): a synthetic network of "
        f"{run.people:,} people, {run.nodes:,} nodes and {run.relationships:,} relationships "
        f"(seed {run.seed}); stores: {', '.join(run.stores)}.",
        "",
        f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, "
        f"{machine['memory_gib']} GiB; {machine['os']}; Python {machine['python']}; "
        f"Neo4j {machine['neo4j']}; load average at the end "
        f"{', '.join(str(x) for x in machine['load_average'])}.",
        "",
        "Every figure is measured in the same run as its baseline; the ratio is value / "
        "baseline value.",
        "",
        "| figure | value | baseline (same run) | baseline value | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in figures:
        ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else "-"
        met = "yes" if figure.met else "**no**"
        lines.append(
            f"| {figure.name} | {format_value(figure.value, figure.unit)} | {figure.baseline} "
            f"| {format_value(figure.baseline_value, figure.unit)} | {ratio} | {figure.goal} "
            f"| {met} |"
        )
    notes = [f"- **{figure.name}**: {figure.note}" for figure in figures if figure.note]
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"


def _plot(figures: Sequence[Figure], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = 3 if len(figures) > 4 else max(1, len(figures))
    rows = max(1, -(-len(figures) // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(5.2 * columns, 2.2 * rows), squeeze=False)
    for ax in axes.flat[len(figures) :]:
        ax.axis("off")
    for ax, figure in zip(axes.flat, figures, strict=False):
        colour = "#2a9d8f" if figure.met else "#e76f51"
        title = figure.name if len(figure.name) < 48 else figure.name[:45] + "..."
        ax.set_title(title, fontsize=9)
        if figure.value is None or figure.baseline_value is None:
            ax.text(0.5, 0.5, "not measured", ha="center", va="center", fontsize=9)
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        labels = ["Convene", "baseline"]
        values = [figure.value, figure.baseline_value]
        ax.barh(labels, values, color=[colour, "#8d99ae"])
        ax.invert_yaxis()
        for y, value in enumerate(values):
            ax.text(value, y, " " + format_value(value), va="center", fontsize=8)
        ax.set_xlim(0, max(values) * 1.45)
        ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else ""
        ax.set_xlabel(f"{figure.unit}   ratio {ratio}   goal: {figure.goal}", fontsize=7)
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_results(figures: Sequence[Figure], out_dir: Path, run: RunInfo) -> list[Path]:
    """Write ``results.json``, ``results.md`` and ``results.png`` into ``out_dir``.

    Parameters
    ----------
    figures
        The run's figures, in the order to show them.
    out_dir
        Created when missing; files of an earlier run are replaced.
    run
        The run's size and options, for the Markdown header.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> from bench.figures import Figure, ratio_at_most
    >>> figure = Figure.measured("t", 2.0, "s", "b", 1.0, ratio_at_most(3))
    >>> info = RunInfo(10, 12, 30, 1, True, ("embedded",), 1.0)
    >>> [p.name for p in write_results([figure], Path(tempfile.mkdtemp()), info)]
    ['results.json', 'results.md', 'results.png']
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    machine = describe_machine()
    json_path, md_path, png_path = (
        out_dir / "results.json",
        out_dir / "results.md",
        out_dir / "results.png",
    )
    json_path.write_bytes(
        orjson.dumps([figure.as_json() for figure in figures], option=orjson.OPT_INDENT_2) + b"\n"
    )
    md_path.write_text(_markdown(figures, run, machine), encoding="utf-8")
    _plot(figures, png_path)
    return [json_path, md_path, png_path]
