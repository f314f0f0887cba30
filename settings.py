"""Convene's settings, read once from the environment into one frozen object.

Every variable the service reads is listed in ``ENVIRONMENT_VARIABLES`` so that
deployment files (``docker-compose.yml``) can be checked against the code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

StoreKind = Literal["embedded", "neo4j"]
Profile = Literal["local", "production"]
_Choice = TypeVar("_Choice", bound=str)

ENVIRONMENT_VARIABLES: tuple[str, ...] = (
    "CONVENE_STORE",
    "CONVENE_DATA_DIR",
    "CONVENE_PROFILE",
    "CONVENE_HOST",
    "CONVENE_PORT",
    "CONVENE_ALLOW_ANONYMOUS",
    "CONVENE_INTROSPECTION",
    "CONVENE_PLAYGROUND",
    "CONVENE_CORS_ORIGINS",
    "CONVENE_MAX_DEPTH",
    "CONVENE_MAX_ALIASES",
    "CONVENE_MAX_FIELDS",
    "CONVENE_MAX_TOKENS",
    "CONVENE_MAX_COST",
    "CONVENE_MAX_COMPUTE",
    "CONVENE_MAX_BODY_BYTES",
    "CONVENE_REQUEST_TIMEOUT",
    "CONVENE_WARM_ANALYTICS",
    "CONVENE_ANALYTICS_WAIT",
    "CONVENE_ANALYTICS_THREADS",
    "CONVENE_PERSISTED_QUERIES",
    "CONVENE_PERSISTED_QUERIES_ONLY",
    "CONVENE_PERSISTED_QUERY_CACHE",
    "NEO4J_URI",
    "NEO4J_USER",
    "NEO4J_PASSWORD",
)


DEFAULT_NEO4J_PASSWORD = "convene-dev-password"


class SettingsError(ValueError):
    """An environment variable holds a value Convene cannot use."""


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _choice(
    env: Mapping[str, str], name: str, choices: tuple[_Choice, ...], default: _Choice
) -> _Choice:
    value = env.get(name, "") or default
    for choice in choices:
        if value == choice:
            return choice
    allowed = " or ".join(repr(choice) for choice in choices)
    raise SettingsError(f"{name} must be {allowed}, not {value!r}")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "")
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, not {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    """Everything configurable about a Convene process."""

    store: StoreKind = "embedded"
    data_dir: Path = Path(".convene")
    profile: Profile = "local"
    host: str = "127.0.0.1"
    port: int = 8000
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = DEFAULT_NEO4J_PASSWORD
    # The home of the local Neo4j that scripts/neo4j.sh runs (for `import --initial`);
    # None means data_dir/neo4j, where the script keeps it.
    neo4j_home: Path | None = None
    allow_anonymous: bool = True
    introspection: bool = True
    playground: bool = True
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    max_depth: int = 15
    max_aliases: int = 30
    max_fields: int = 5_000
    max_tokens: int = 2000
    max_cost: int = 50_000
    max_compute: int = 5_000
    max_body_bytes: int = 100_000
    request_timeout: float = 10.0
    warm_analytics: bool = True
    analytics_wait: float = 1.0
    analytics_threads: int = 2
    persisted_queries: tuple[Path, ...] = field(default_factory=tuple)
    persisted_queries_only: bool = False
    persisted_query_cache: int = 1000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: the process environment).

        The production profile switches anonymous access, introspection and the
        playground off unless they are switched on explicitly, and refuses the
        default Neo4j password when the store is Neo4j. Running only persisted
        queries stays opt-in in every profile: it shuts out every client without a
        manifest of its own (the playground, third-party scripts).
        """
        env = os.environ if env is None else env
        store: StoreKind = _choice(env, "CONVENE_STORE", ("embedded", "neo4j"), "embedded")
        profile: Profile = _choice(env, "CONVENE_PROFILE", ("local", "production"), "local")
        local = profile == "local"
        origins = tuple(
            o.strip() for o in env.get("CONVENE_CORS_ORIGINS", "").split(",") if o.strip()
        )
        timeout = _seconds(env, "CONVENE_REQUEST_TIMEOUT", cls.request_timeout)
        manifests = tuple(
            Path(p.strip())
            for p in env.get("CONVENE_PERSISTED_QUERIES", "").split(",")
            if p.strip()
        )
        cache = _int(env, "CONVENE_PERSISTED_QUERY_CACHE", cls.persisted_query_cache)
        if cache < 0:
            raise SettingsError(
                f"CONVENE_PERSISTED_QUERY_CACHE must be 0 or more documents, not {cache}"
            )
        password = env.get("NEO4J_PASSWORD", "") or cls.neo4j_password
        if not local and store == "neo4j" and password == DEFAULT_NEO4J_PASSWORD:
            raise SettingsError(
                "the production profile refuses the default Neo4j password: "
                "set NEO4J_PASSWORD to the server's own password"
            )
        return cls(
            store=store,
            data_dir=Path(env.get("CONVENE_DATA_DIR", "") or ".convene"),
            profile=profile,
            host=env.get("CONVENE_HOST", "") or cls.host,
            port=_int(env, "CONVENE_PORT", cls.port),
            neo4j_uri=env.get("NEO4J_URI", "") or cls.neo4j_uri,
            neo4j_user=env.get("NEO4J_USER", "") or cls.neo4j_user,
            neo4j_password=password,
            neo4j_home=Path(env["CONVENE_NEO4J_HOME"]) if env.get("CONVENE_NEO4J_HOME") else None,
            allow_anonymous=_flag(env, "CONVENE_ALLOW_ANONYMOUS", local),
            introspection=_flag(env, "CONVENE_INTROSPECTION", local),
            playground=_flag(env, "CONVENE_PLAYGROUND", local),
            cors_origins=origins,
            max_depth=_int(env, "CONVENE_MAX_DEPTH", cls.max_depth),
            max_aliases=_int(env, "CONVENE_MAX_ALIASES", cls.max_aliases),
            max_fields=_int(env, "CONVENE_MAX_FIELDS", cls.max_fields),
            max_tokens=_int(env, "CONVENE_MAX_TOKENS", cls.max_tokens),
            max_cost=_int(env, "CONVENE_MAX_COST", cls.max_cost),
            max_compute=_int(env, "CONVENE_MAX_COMPUTE", cls.max_compute),
            max_body_bytes=_int(env, "CONVENE_MAX_BODY_BYTES", cls.max_body_bytes),
            request_timeout=timeout,
            warm_analytics=_flag(env, "CONVENE_WARM_ANALYTICS", True),
            analytics_wait=_seconds(env, "CONVENE_ANALYTICS_WAIT", cls.analytics_wait),
            analytics_threads=_int(env, "CONVENE_ANALYTICS_THREADS", cls.analytics_threads),
            persisted_queries=manifests,
            persisted_queries_only=_flag(env, "CONVENE_PERSISTED_QUERIES_ONLY", False),
            persisted_query_cache=cache,
        )

    @property
    def local_neo4j_home(self) -> Path:
        """Where scripts/neo4j.sh keeps the local Neo4j: ``CONVENE_NEO4J_HOME``, or the
        ``neo4j`` folder of the data directory."""
        return self.neo4j_home if self.neo4j_home is not None else self.data_dir / "neo4j"

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields changed (tests and the CLI use this); an unknown
        field is a TypeError."""
        return replace(self, **changes)
