"""Every action of the access log has words on the logboek screen, in Dutch and English."""

from __future__ import annotations

import pytest

from carecoord import i18n
from carecoord.audit.actions import Action, action_label


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_action_has_a_label_that_is_not_its_code(language: str) -> None:
    i18n.set_language(language)
    try:
        unlabelled = [a.value for a in Action if action_label(a.value) in ("", a.value)]
        # English words may equal the code ("read"); only Dutch must always differ.
        if language == "en":
            unlabelled = [a for a in unlabelled if "_" in a]
        assert not unlabelled
    finally:
        i18n.set_language("en")


def test_an_unknown_action_shows_as_its_code() -> None:
    assert action_label("from_a_newer_version") == "from_a_newer_version"
