"""``python -m bench``: run the benchmarks."""

import sys

from bench import missing_modules

missing = missing_modules()
if missing:
    sys.exit(
        f"bench: needs the bench extra ({', '.join(missing)} missing): pip install -e '.[bench]'"
    )

from bench.main import main  # noqa: E402  (after the check, which names what is missing)

sys.exit(main())
