"""docker-compose.yml agrees with the code and with scripts/neo4j.sh."""

from __future__ import annotations

import importlib
import subprocess
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
NEO4J_SCRIPT = REPO_ROOT / "scripts" / "neo4j.sh"
NEO4J_VERSION_FILE = REPO_ROOT / "scripts" / "neo4j.version"


def load_compose() -> dict[str, Any]:
    with COMPOSE_FILE.open(encoding="utf-8") as compose_file:
        compose: dict[str, Any] = yaml.safe_load(compose_file)
    return compose


def service(name: str) -> dict[str, Any]:
    services: dict[str, dict[str, Any]] = load_compose()["services"]
    return services[name]


def environment_of(name: str) -> dict[str, str]:
    """A service's environment as a mapping, whichever form the file uses."""
    environment = service(name).get("environment", {})
    if isinstance(environment, list):
        return dict(entry.split("=", 1) for entry in environment)
    return {key: str(value) for key, value in environment.items()}


def pinned_neo4j_version() -> str:
    return NEO4J_VERSION_FILE.read_text(encoding="utf-8").strip()


def test_compose_file_parses_into_the_neo4j_and_api_services() -> None:
    # given the compose file at the repository root
    # when it is parsed
    compose = load_compose()

    # then it defines both services
    assert {"neo4j", "api"} <= set(compose["services"])


def test_neo4j_image_is_the_pinned_community_version() -> None:
    # given the version scripts/neo4j.sh installs
    version = pinned_neo4j_version()

    # when the compose file names its neo4j image
    image = service("neo4j")["image"]

    # then it is the Community image of that same version
    assert image == f"neo4j:{version}-community"


def test_neo4j_script_runs_the_version_compose_pins() -> None:
    # given the neo4j image the compose file pins
    image = service("neo4j")["image"]

    # when the local script is asked which version it runs
    result = subprocess.run(
        ["bash", str(NEO4J_SCRIPT), "version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )

    # then both name the same Neo4j release
    assert image == f"neo4j:{result.stdout.strip()}-community"


def test_api_sets_only_environment_variables_the_settings_read() -> None:
    # given the variables the settings module reads
    settings = importlib.import_module("settings")
    known = set(settings.ENVIRONMENT_VARIABLES)

    # when the api service's environment is read
    environment = environment_of("api")

    # then each of its variables is one the code reads
    assert set(environment) <= known, sorted(set(environment) - known)


def test_api_uses_the_neo4j_service_as_its_store() -> None:
    # given the api service's environment
    environment = environment_of("api")

    # when it chooses its store
    store = environment["CONVENE_STORE"]
    uri = environment["NEO4J_URI"]

    # then it is the neo4j service, over Bolt
    assert store == "neo4j"
    assert uri == "bolt://neo4j:7687"


def test_api_and_neo4j_share_one_password() -> None:
    # given the credentials the neo4j service is created with
    user, password = environment_of("neo4j")["NEO4J_AUTH"].split("/", 1)

    # when the api service's credentials are read
    environment = environment_of("api")

    # then they are the same
    assert environment["NEO4J_USER"] == user
    assert environment["NEO4J_PASSWORD"] == password


def test_api_waits_for_a_healthy_neo4j() -> None:
    # given the api service
    api = service("api")

    # when its start-up order is read
    depends_on = api["depends_on"]

    # then it starts only once neo4j passes its health check
    assert depends_on["neo4j"]["condition"] == "service_healthy"
    assert "healthcheck" in service("neo4j")


def test_the_neo4j_password_has_no_default() -> None:
    # given the password both services are given
    password = environment_of("api")["NEO4J_PASSWORD"]

    # when it is read as a compose substitution
    # then compose stops with a message unless the operator sets one
    assert password.startswith("${NEO4J_PASSWORD:?"), password
    assert "convene-dev-password" not in COMPOSE_FILE.read_text(encoding="utf-8")
