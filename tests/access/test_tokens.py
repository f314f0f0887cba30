"""API tokens: created once, stored only as a hash, listed, revoked."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from access.bearer import viewer_for_request
from access.tokens import (
    SECRET_PREFIX,
    TOKENS_FILE,
    TokenError,
    TokenExpired,
    TokenStore,
    create_token,
    forget_person_tokens,
    hash_secret,
    list_tokens,
    parse_expiry,
    person_tokens,
    revoke_person_tokens,
    revoke_token,
)
from access.viewer import AccessRole, Viewer


def test_a_created_token_opens_as_its_role(tmp_path: Path) -> None:
    # Given an editor token
    secret = create_token(tmp_path, "editor", "matchmaker")
    # When the server looks the secret up
    with TokenStore.open(tmp_path) as tokens:
        viewer = tokens.viewer_for(secret)
    # Then it stands for an editor called by the token's name
    assert viewer == Viewer(AccessRole.EDITOR, token_name="matchmaker")
    assert secret.startswith(SECRET_PREFIX)


def test_only_the_hash_of_the_secret_is_kept(tmp_path: Path) -> None:
    # Given a token
    secret = create_token(tmp_path, "admin", "ops")
    # When the token file is read as bytes and as rows
    raw = (tmp_path / TOKENS_FILE).read_bytes()
    with sqlite3.connect(tmp_path / TOKENS_FILE) as connection:
        stored = connection.execute("SELECT secret_sha256 FROM tokens").fetchall()
    # Then the secret appears nowhere, only its SHA-256
    assert secret.encode() not in raw
    assert stored == [(hash_secret(secret),)]


def test_two_tokens_never_share_a_secret(tmp_path: Path) -> None:
    # Given two tokens with the same role
    first = create_token(tmp_path, "reader", "one")
    second = create_token(tmp_path, "reader", "two")
    # Then their secrets differ
    assert first != second


def test_a_persons_own_token_carries_the_person_key(tmp_path: Path) -> None:
    # Given a reader token for the person 'ada-lovelace'
    secret = create_token(tmp_path, AccessRole.READER, "ada's laptop", person_key="ada-lovelace")
    # When it is looked up
    with TokenStore.open(tmp_path) as tokens:
        viewer = tokens.viewer_for(secret)
    # Then the viewer may see Ada's private data, and only hers
    assert viewer is not None
    assert viewer.person_key == "ada-lovelace"
    assert viewer.can_see_private_of("ada-lovelace")
    assert not viewer.can_see_private_of("grace-hopper")


@pytest.mark.parametrize("role", ["anonymous", "owner", ""])
def test_roles_that_cannot_be_granted_are_refused(tmp_path: Path, role: str) -> None:
    # Given a role that is not reader, editor or admin
    # When a token is asked for with it
    with pytest.raises(TokenError, match="role must be one of reader, editor, admin"):
        create_token(tmp_path, role, "x")
    # Then nothing was stored
    assert list_tokens(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "person_key", "message"),
    [
        ("   ", None, "needs a name"),
        ("x" * 101, None, "at most 100"),
        ("tab\there", None, "printable"),
        ("fine", "Not A Key", "person key"),
    ],
)
def test_bad_names_and_person_keys_are_refused(
    tmp_path: Path, name: str, person_key: str | None, message: str
) -> None:
    # Given a bad name or person key
    # When a token is asked for
    # Then it is refused with a message saying what is wrong
    with pytest.raises(TokenError, match=message):
        create_token(tmp_path, "reader", name, person_key=person_key)


def test_an_active_name_cannot_be_taken_twice(tmp_path: Path) -> None:
    # Given a token called 'dashboard'
    create_token(tmp_path, "reader", "dashboard")
    # When another token is asked for with that name
    # Then it is refused
    with pytest.raises(TokenError, match="exists already"):
        create_token(tmp_path, "admin", "dashboard")


def test_listing_shows_tokens_without_secrets(tmp_path: Path) -> None:
    # Given two tokens
    create_token(tmp_path, "reader", "dashboard")
    create_token(tmp_path, "admin", "ops", person_key="ada-lovelace")
    # When they are listed
    listed = list_tokens(tmp_path)
    # Then names, roles and person keys show, oldest first
    assert [(t.name, t.role, t.person_key, t.active) for t in listed] == [
        ("dashboard", AccessRole.READER, None, True),
        ("ops", AccessRole.ADMIN, "ada-lovelace", True),
    ]


def test_listing_without_a_token_file_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    # Given a data directory without tokens
    # When tokens are listed
    listed = list_tokens(tmp_path)
    # Then the list is empty and no file appeared
    assert listed == []
    assert not (tmp_path / TOKENS_FILE).exists()


def test_a_revoked_token_stops_working_at_once(tmp_path: Path) -> None:
    # Given a running server's token store and a token it has accepted
    secret = create_token(tmp_path, "editor", "old-script")
    with TokenStore.open(tmp_path) as tokens:
        assert tokens.viewer_for(secret) is not None
        # When the token is revoked from elsewhere (the command line)
        revoked = revoke_token(tmp_path, "old-script")
        # Then the same store refuses it on the next lookup
        assert tokens.viewer_for(secret) is None
    assert not revoked.active
    assert list_tokens(tmp_path) == []
    assert [t.name for t in list_tokens(tmp_path, include_revoked=True)] == ["old-script"]


def test_a_revoked_name_can_be_given_to_a_new_token(tmp_path: Path) -> None:
    # Given a revoked token called 'ci'
    old = create_token(tmp_path, "reader", "ci")
    revoke_token(tmp_path, "ci")
    # When a new token is called 'ci'
    new = create_token(tmp_path, "reader", "ci")
    # Then only the new secret works
    with TokenStore.open(tmp_path) as tokens:
        assert tokens.viewer_for(old) is None
        assert tokens.viewer_for(new) is not None


def test_revoking_an_unknown_token_is_refused(tmp_path: Path) -> None:
    # Given no token called 'ghost'
    # When it is revoked
    # Then the caller is told
    with pytest.raises(TokenError, match="no active token named 'ghost'"):
        revoke_token(tmp_path, "ghost")


def test_an_unknown_secret_is_nobody(tmp_path: Path) -> None:
    # Given a token store with one token
    secret = create_token(tmp_path, "admin", "ops")
    # When a different secret is looked up
    with TokenStore.open(tmp_path) as tokens:
        viewer = tokens.viewer_for(secret + "x")
    # Then it stands for no one
    assert viewer is None


def test_an_expired_token_is_refused_with_its_own_code(tmp_path: Path) -> None:
    # Given a token that expired a moment ago, and one that expires in 30 days
    past = datetime.now(UTC) - timedelta(seconds=1)
    expired = create_token(tmp_path, "reader", "old", expires_at=past)
    fresh = create_token(tmp_path, "reader", "new", expires_at=parse_expiry("30d"))
    with TokenStore.open(tmp_path) as tokens:
        # When each is looked up
        # Then the expired one is refused as expired, the other opens
        with pytest.raises(TokenExpired) as refused:
            tokens.viewer_for(expired)
        assert refused.value.code == "TOKEN_EXPIRED"
        assert tokens.viewer_for(fresh) == Viewer(AccessRole.READER, token_name="new")
    listed = {t.name: t for t in list_tokens(tmp_path)}
    assert listed["old"].expired and not listed["new"].expired


@pytest.mark.parametrize("text", ["soon", "30x", "-1d", "2000-01-01"])
def test_expiries_that_are_not_durations_or_future_dates_are_refused(text: str) -> None:
    with pytest.raises(TokenError, match="--expires"):
        parse_expiry(text)


def test_a_lookup_records_when_the_token_was_last_used(tmp_path: Path) -> None:
    # Given a token never used
    secret = create_token(tmp_path, "reader", "dashboard")
    assert list_tokens(tmp_path)[0].last_used_at is None
    # When the server looks it up
    with TokenStore.open(tmp_path) as tokens:
        tokens.viewer_for(secret)
    # Then the listing shows when
    assert list_tokens(tmp_path)[0].last_used_at is not None


def test_a_persons_tokens_are_revoked_and_forgotten_with_them(tmp_path: Path) -> None:
    # Given two tokens of Ada's and one of Bo's
    ada = create_token(tmp_path, "reader", "ada-phone", person_key="ada")
    create_token(tmp_path, "editor", "ada-laptop", person_key="ada")
    bo = create_token(tmp_path, "reader", "bo-phone", person_key="bo")
    # When Ada is deleted, her tokens are revoked; when erased, forgotten
    assert revoke_person_tokens(tmp_path, "ada") == 2
    with TokenStore.open(tmp_path) as tokens:
        assert tokens.viewer_for(ada) is None
        assert tokens.viewer_for(bo) is not None
    assert [t.revoked_at is not None for t in person_tokens(tmp_path, "ada")] == [True, True]
    assert forget_person_tokens(tmp_path, "ada") == 2
    # Then nothing of hers is left, and Bo's token is untouched
    assert person_tokens(tmp_path, "ada") == []
    assert [t.name for t in list_tokens(tmp_path, include_revoked=True)] == ["bo-phone"]


def test_a_token_file_from_before_expiry_still_opens(tmp_path: Path) -> None:
    # Given a token file without the expiry and last-used columns
    with closing(sqlite3.connect(tmp_path / TOKENS_FILE)) as connection, connection:
        connection.executescript(
            "CREATE TABLE tokens (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT "
            "NULL, person_key TEXT, secret_sha256 TEXT NOT NULL UNIQUE, created_at TEXT NOT "
            "NULL, revoked_at TEXT);"
        )
        connection.execute(
            "INSERT INTO tokens (name, role, secret_sha256, created_at) VALUES (?, ?, ?, ?)",
            ("legacy", "reader", hash_secret("cvn_legacy"), "2024-01-01T00:00:00+00:00"),
        )
    # When the server opens it
    with TokenStore.open(tmp_path) as tokens:
        viewer = tokens.viewer_for("cvn_legacy")
    # Then the old token works, never expiring
    assert viewer == Viewer(AccessRole.READER, token_name="legacy")
    assert list_tokens(tmp_path)[0].expires_at is None


def test_the_lookup_runs_off_the_event_loop() -> None:
    # Given a token lookup that notes whether it runs on the event loop's thread
    seen: list[bool] = []

    class Noting:
        def viewer_for(self, secret: str) -> Viewer | None:
            try:
                asyncio.get_running_loop()
                seen.append(True)
            except RuntimeError:
                seen.append(False)
            return Viewer(AccessRole.READER, token_name="t")

    # When a request's header is turned into a viewer
    async def main() -> Viewer:
        return await viewer_for_request("Bearer cvn_x", Noting(), allow_anonymous=False)

    viewer = asyncio.run(main())
    # Then the lookup ran in a worker thread, not on the loop
    assert viewer.token_name == "t"
    assert seen == [False]
