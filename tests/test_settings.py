"""Settings read from the environment: the profiles' defaults and what they refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import DEFAULT_NEO4J_PASSWORD, Settings, SettingsError


def test_the_local_profile_allows_anonymous_reads() -> None:
    # given no profile
    # when the settings are read
    settings = Settings.from_env({})
    # then anonymous readers are let in
    assert settings.allow_anonymous is True


def test_the_production_profile_switches_anonymous_access_off() -> None:
    # given the production profile and nothing else
    # when the settings are read
    settings = Settings.from_env({"CONVENE_PROFILE": "production"})
    # then anonymous access is off
    assert settings.allow_anonymous is False


def test_the_production_profile_allows_anonymous_access_when_told() -> None:
    # given the production profile with anonymous access switched on explicitly
    env = {"CONVENE_PROFILE": "production", "CONVENE_ALLOW_ANONYMOUS": "true"}
    # when the settings are read
    settings = Settings.from_env(env)
    # then anonymous readers are let in
    assert settings.allow_anonymous is True


@pytest.mark.parametrize("password", [None, DEFAULT_NEO4J_PASSWORD])
def test_the_production_profile_refuses_the_default_neo4j_password(password: str | None) -> None:
    # given production on Neo4j with no password, or the default one
    env = {"CONVENE_PROFILE": "production", "CONVENE_STORE": "neo4j"}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    # when the settings are read
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    # then the error is one line naming the variable to set
    assert "NEO4J_PASSWORD" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_the_production_profile_accepts_its_own_neo4j_password() -> None:
    # given production on Neo4j with a password of its own
    env = {"CONVENE_PROFILE": "production", "CONVENE_STORE": "neo4j", "NEO4J_PASSWORD": "s3cret"}
    # when the settings are read
    settings = Settings.from_env(env)
    # then they hold it
    assert settings.neo4j_password == "s3cret"


def test_the_default_password_is_fine_locally_and_for_the_embedded_store() -> None:
    # given the local profile on Neo4j, and production on the embedded store
    local = {"CONVENE_STORE": "neo4j"}
    embedded = {"CONVENE_PROFILE": "production", "CONVENE_STORE": "embedded"}
    # when the settings are read
    # then neither is refused
    assert Settings.from_env(local).neo4j_password == DEFAULT_NEO4J_PASSWORD
    assert Settings.from_env(embedded).store == "embedded"


def test_persisted_queries_are_opt_in_in_every_profile() -> None:
    # given the production profile and nothing about persisted queries
    # when the settings are read
    settings = Settings.from_env({"CONVENE_PROFILE": "production"})
    # then query text is still accepted, no manifest is named, and APQ remembers 1000
    assert settings.persisted_queries_only is False
    assert settings.persisted_queries == ()
    assert settings.persisted_query_cache == 1000


def test_persisted_query_settings_are_read() -> None:
    # given two manifests (with spaces around the comma), the strict mode and a cache size
    env = {
        "CONVENE_PERSISTED_QUERIES": "a/one.json , b/two.json,",
        "CONVENE_PERSISTED_QUERIES_ONLY": "yes",
        "CONVENE_PERSISTED_QUERY_CACHE": "0",
    }
    # when the settings are read
    settings = Settings.from_env(env)
    # then they hold them
    assert settings.persisted_queries == (Path("a/one.json"), Path("b/two.json"))
    assert settings.persisted_queries_only is True
    assert settings.persisted_query_cache == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CONVENE_PERSISTED_QUERY_CACHE", "-1"),
        ("CONVENE_PERSISTED_QUERY_CACHE", "many"),
        ("CONVENE_PERSISTED_QUERIES_ONLY", "sometimes"),
    ],
)
def test_bad_persisted_query_settings_are_refused_naming_the_variable(
    name: str, value: str
) -> None:
    # given a value the setting cannot take
    # when the settings are read
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({name: value})
    # then the error names the variable
    assert name in str(refused.value)
