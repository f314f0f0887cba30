"""Settings read from the environment: the profiles' defaults and what they refuse."""

from __future__ import annotations

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
