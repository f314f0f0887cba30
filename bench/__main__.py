"""``python -m bench``: run the benchmarks."""

import sys

from bench.main import main

sys.exit(main())
