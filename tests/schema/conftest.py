"""Fixtures of the schema tests: the schema (built once per module) and asyncio."""

from __future__ import annotations

import pytest
import strawberry

from schema import build_schema
from settings import Settings


@pytest.fixture
def anyio_backend() -> str:
    """Strawberry's DataLoader runs on asyncio."""
    return "asyncio"


@pytest.fixture(scope="module")
def settings() -> Settings:
    """Default settings (local profile: introspection on)."""
    return Settings()


@pytest.fixture(scope="module")
def schema(settings: Settings) -> strawberry.Schema:
    """The schema under test."""
    return build_schema(settings)
