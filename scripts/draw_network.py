"""Draw a Convene GraphML export as a PNG, one colour per node label.

The export is read with igraph (as an analyst would) and laid out with its
Fruchterman-Reingold layout, seeded so the picture is reproducible.

Usage::

    convene export --format graphml --out network.graphml
    python scripts/draw_network.py network.graphml network.png
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import igraph
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

COLOURS = {
    "Person": "#4C72B0",
    "Organization": "#DD8452",
    "Project": "#55A868",
    "Gathering": "#C44E52",
    "Topic": "#8172B3",
    "Cluster": "#937860",
    "Cohort": "#DA8BC3",
    "StudyGroup": "#8C8C8C",
    "Program": "#CCB974",
}


def draw(graphml: Path, png: Path, seed: int = 7) -> None:
    """Lay the exported network out and save the picture."""
    graph = igraph.Graph.Read_GraphML(str(graphml))
    random.seed(seed)
    layout = graph.layout_fruchterman_reingold(niter=1000).coords
    plt.figure(figsize=(12, 12))
    for edge in graph.es:
        (x1, y1), (x2, y2) = layout[edge.source], layout[edge.target]
        plt.plot([x1, x2], [y1, y2], color="#999999", alpha=0.12, linewidth=0.5, zorder=1)
    for label, colour in COLOURS.items():
        points = [layout[v.index] for v in graph.vs if v["type"] == label]
        if points:
            xs, ys = zip(*points, strict=True)
            plt.scatter(
                xs,
                ys,
                s=18 if label == "Person" else 50,
                color=colour,
                label=f"{label} ({len(points)})",
                zorder=2,
            )
    plt.legend(loc="lower left", fontsize=12)
    plt.title(f"Convene demo network: {graph.vcount()} nodes, {graph.ecount()} relationships")
    plt.axis("off")
    plt.tight_layout()
    plt.savefig(png, dpi=80)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python scripts/draw_network.py EXPORT.graphml OUT.png")
    draw(Path(sys.argv[1]), Path(sys.argv[2]))
