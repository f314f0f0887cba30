"""Print the schema's SDL, or write it: ``python -m schema --write schema.graphql``.

``schema.graphql`` is committed; ``tests/schema/test_sdl.py`` fails when it drifts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schema import build_schema
from settings import Settings


def sdl() -> str:
    """The SDL of the schema as the code defines it (settings do not change it)."""
    return str(build_schema(Settings())) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the SDL, or write it to the file given with ``--write``."""
    parser = argparse.ArgumentParser(prog="python -m schema", description=__doc__)
    parser.add_argument("--write", type=Path, help="write the SDL to this file")
    args = parser.parse_args(argv)
    text = sdl()
    if args.write is None:
        sys.stdout.write(text)
    else:
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
