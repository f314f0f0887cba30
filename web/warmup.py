"""Build the analytics projection in the background once the service starts.

At 100,000 people the projection takes about 30 s to build; without a warm-up the first
analytics request pays for it and runs into the request time limit. ``/readyz`` waits
for the warm-up (briefly) and answers 503 "warming" until it is done, so orchestrators
and benchmarks send traffic only to a warm service.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

__all__ = ["Warmup"]

log = logging.getLogger("convene.warmup")


class Warmup:
    """Run ``build`` once in a daemon thread; remember whether it is done and how it ended.

    >>> warmup = Warmup(lambda: None)
    >>> warmup.start()
    >>> warmup.wait(5.0), warmup.error
    (True, None)
    """

    def __init__(self, build: Callable[[], object]) -> None:
        self._build = build
        self._done = threading.Event()
        self.error: str | None = None

    def start(self) -> None:
        """Start building in the background."""
        threading.Thread(target=self._run, name="convene-warmup", daemon=True).start()

    def _run(self) -> None:
        try:
            self._build()
        except Exception as error:  # the service stays up; analytics build on demand
            self.error = f"{type(error).__name__}: {error}"
            log.warning("analytics warm-up failed: %s", self.error)
        finally:
            self._done.set()

    def wait(self, timeout: float) -> bool:
        """Whether the warm-up has finished, waiting at most ``timeout`` seconds."""
        return self._done.wait(timeout)
