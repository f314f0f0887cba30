"""The playground's example queries answer on the demo network, on both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import strawberry

from graph.store import GraphStore
from tests.schema.support import ANONYMOUS, CountingStore, errors_of, run

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [
    example["query"]
    for example in json.loads((ROOT / "playground/src/examples.json").read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("document", EXAMPLES, ids=lambda d: d.split("query ")[1].split()[0])
async def test_example_answers_with_data_in_a_few_round_trips(
    schema: strawberry.Schema, demo_store: GraphStore, document: str
) -> None:
    # given the demo network and a playground example
    counted = CountingStore(demo_store)
    # when the example runs anonymously
    result = await run(schema, counted, document, ANONYMOUS)
    # then it answers without errors, finds its subject, and reads one call per level
    assert errors_of(result) == []
    [subject] = result.data.values()
    assert subject is not None
    assert counted.reads <= 3
