"""The location tests share the case tests' store (a real vault, user "anna", 15 June 2025)."""

from tests.unit.cases.conftest import events, store

__all__ = ["events", "store"]
