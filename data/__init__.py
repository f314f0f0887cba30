"""The demo network: curated records from the source documents, plus a generated cast.

``demo/real.jsonl`` holds what the source documents (kept in ``sources/``) state, each
record citing its document and sentence; ``demo/synthetic.jsonl`` is written by
``python -m data.generate`` and every node in it is flagged ``synthetic``. Load them in
the order :func:`demo_files` gives: the synthetic file refers to nodes of the real one.

Examples
--------
>>> [path.name for path in demo_files()]
['real.jsonl', 'synthetic.jsonl']
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEMO_DIR", "REAL_FILE", "SOURCES_DIR", "SYNTHETIC_FILE", "demo_files"]

DEMO_DIR = Path(__file__).parent / "demo"
REAL_FILE = DEMO_DIR / "real.jsonl"
SYNTHETIC_FILE = DEMO_DIR / "synthetic.jsonl"
SOURCES_DIR = Path(__file__).parent / "sources"


def demo_files() -> list[Path]:
    """The demo data files in load order: the curated records first, then the generated.

    Returns
    -------
    list of Path
        ``real.jsonl`` then ``synthetic.jsonl``, both in :data:`DEMO_DIR`.

    Examples
    --------
    >>> all(path.parent == DEMO_DIR for path in demo_files())
    True
    """
    return [REAL_FILE, SYNTHETIC_FILE]
