"""Fixtures shared by the portal's page tests."""

import pytest

from tests.reform import build_reform


@pytest.fixture
def reform(db):
    """The 2025 reform's small world (tests/reform.py): old units, new units and the succession map."""
    return build_reform()
