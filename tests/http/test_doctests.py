"""The docstring examples of web/ run and hold."""

from __future__ import annotations

import doctest

from web import graphql_http, persisted


def test_media_type_negotiation_examples_hold() -> None:
    # Given the endpoint module's docstring examples (content negotiation)
    # When they run
    result = doctest.testmod(graphql_http)
    # Then there are some, and none fails
    assert result.attempted > 0
    assert result.failed == 0


def test_persisted_query_examples_hold() -> None:
    # Given the persisted query module's docstring examples (hashes, manifests, the LRU)
    # When they run
    result = doctest.testmod(persisted)
    # Then there are some, and none fails
    assert result.attempted > 0
    assert result.failed == 0
