"""Driver creation and error translation: every failure becomes one helpful line."""

from __future__ import annotations

import socket

import pytest
from neo4j.exceptions import (
    AuthError,
    CypherSyntaxError,
    CypherTypeError,
    DatabaseUnavailable,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.model import Label, NodeRef
from graph.neo4j.driver import Endpoint, translate, translated
from graph.neo4j.store import Neo4jStore
from graph.store import InvalidInput, NotFound, StoreError, Unavailable

ENDPOINT = Endpoint("bolt://db.example:7687", "convene")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_connecting_to_a_closed_port_says_how_to_start_neo4j() -> None:
    # given a port nothing listens on
    uri = f"bolt://127.0.0.1:{free_port()}"
    # when
    with pytest.raises(Unavailable) as error:
        Neo4jStore.connect(uri, "neo4j", "secret-password")
    # then
    assert error.value.message == (
        f"Neo4j is not reachable at {uri} (connection refused): "
        "start it with `scripts/neo4j.sh start`"
    )


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "127.0.0.1:7687", "postgres://x"])
def test_an_address_that_is_not_bolt_is_refused_before_connecting(uri: str) -> None:
    with pytest.raises(Unavailable) as error:
        Neo4jStore.connect(uri, "neo4j", "secret-password")
    assert "is not a Bolt address" in error.value.message
    assert "\n" not in error.value.message


def test_refused_credentials_name_the_user_and_the_variables_but_not_the_password() -> None:
    error = translate(AuthError("The client is unauthorized"), ENDPOINT)
    assert isinstance(error, Unavailable)
    assert error.message == (
        "Neo4j at bolt://db.example:7687 refused the credentials for user 'convene': "
        "check NEO4J_USER / NEO4J_PASSWORD"
    )


@pytest.mark.parametrize(
    ("driver_message", "reason"),
    [
        ("Failed to establish connection (reason [Errno 111] Connection refused)", "refused"),
        ("Failed to DNS resolve address db.example:7687", "unknown host"),
        ("Cannot to connect to Bolt service (looks like HTTP)", "speaks HTTP"),
        ("Failed to read from defunct connection", "connection lost"),
    ],
)
def test_unreachable_servers_get_a_reason(driver_message: str, reason: str) -> None:
    error = translate(ServiceUnavailable(driver_message), ENDPOINT)
    assert isinstance(error, Unavailable)
    assert error.message.startswith("Neo4j is not reachable at bolt://db.example:7687 (")
    assert reason in error.message
    assert "\n" not in error.message


def test_busy_and_starting_servers_are_unavailable() -> None:
    assert isinstance(translate(TransientError("deadlock"), ENDPOINT), Unavailable)
    starting = translate(DatabaseUnavailable("database unavailable"), ENDPOINT)
    assert isinstance(starting, Unavailable)
    assert "may be starting" in starting.message
    assert isinstance(translate(SessionExpired("gone"), ENDPOINT), Unavailable)


def test_a_value_neo4j_cannot_handle_is_invalid_input() -> None:
    error = translate(CypherTypeError("Property values can only be of primitive types"), ENDPOINT)
    assert isinstance(error, InvalidInput)
    assert error.field == "value"


def test_a_transaction_too_large_for_the_server_says_how_to_fit() -> None:
    # given the error the server sends when a transaction outgrows its memory pool
    raw = Neo4jError._hydrate_neo4j(
        code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        message="The allocation of an extra 2.0 MiB would use more than the limit 716.8 MiB.",
    )
    # when
    error = translate(raw, ENDPOINT)
    # then it is not "try again" (the driver would count it as transient)
    assert isinstance(error, InvalidInput)
    assert error.code == "TOO_LARGE"
    assert "smaller parts" in error.message


def test_other_failures_never_show_cypher() -> None:
    # given a server error whose text quotes the statement
    raw = CypherSyntaxError("Invalid input 'MATC': expected ... MATC (n:Person {key: $key})")
    # when
    error = translate(raw, ENDPOINT)
    # then
    assert type(error) is StoreError
    assert "MATC" not in error.message and "Person" not in error.message


def test_store_errors_pass_through_the_translation_unchanged() -> None:
    missing = NotFound(NodeRef(Label.PERSON, "ghost"))
    with pytest.raises(NotFound) as error, translated(ENDPOINT):
        raise missing
    assert error.value is missing


def test_driver_errors_in_the_block_become_store_errors_with_the_cause_kept() -> None:
    with pytest.raises(Unavailable) as error, translated(ENDPOINT):
        raise SessionExpired("connection closed")
    assert isinstance(error.value.__cause__, SessionExpired)
