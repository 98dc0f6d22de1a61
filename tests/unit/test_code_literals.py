"""The Literal code types used by letters and statistics equal the code lists kept as data."""

from __future__ import annotations

from typing import get_args

import pytest

from carecoord.domain.code_literals import MIRRORS
from carecoord.domain.codelists import codelist


@pytest.mark.parametrize("name", sorted(MIRRORS))
def test_literal_matches_the_code_list(name: str) -> None:
    assert set(get_args(MIRRORS[name])) == set(codelist(name).values)
