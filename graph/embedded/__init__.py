"""The embedded store: Convene's graph in one durable SQLite file, no server needed.

Examples
--------
>>> with EmbeddedStore.in_memory() as store:
...     store.counts().as_json()["nodes"]["Person"]
0
"""

from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
