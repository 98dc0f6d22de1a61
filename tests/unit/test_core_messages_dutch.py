"""Core refusals speak the app's language: with Dutch set, the message is the Dutch catalog text.

The expected text is read from the nl catalog (not written here), filled with the same values, and
must differ from the English text, so a missing or untranslated entry fails.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from carecoord import i18n
from carecoord.case_import import COLUMNS, import_cases
from carecoord.domain.codelists import codelist
from carecoord.domain.consent import ConsentMissing, consent_gate
from carecoord.domain.pathway import TransitionRefused, check_transition
from carecoord.errors import AuthenticationFailed, CareCoordError, InputRejected
from carecoord.letters.checks import require_sharing_ground
from carecoord.vault import Credentials, Vault
from carecoord.vault.recovery import ALPHABET, RecoveryKeyTypo, generate, normalise
from carecoord.workspace import open_store
from tests.conftest import VaultFixture

TODAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def nl_catalog() -> Catalog:
    with i18n.catalog_path("nl").open("rb") as handle:
        return read_po(handle, locale="nl")


@pytest.fixture
def dutch() -> Iterator[None]:
    i18n.set_language("nl")
    yield  # the autouse fixture in tests/conftest.py puts the previous language back


def nl(catalog: Catalog, msgid: str, plural_index: int | None = None) -> str:
    message = catalog[msgid] if plural_index is None else catalog.get(msgid)
    assert message is not None and message.string, f"no Dutch text for {msgid!r}"
    text = message.string
    if isinstance(text, tuple):
        assert plural_index is not None
        return str(text[plural_index])
    return str(text)


def refusal(action: Callable[[], object], kind: type[CareCoordError]) -> CareCoordError:
    with pytest.raises(kind) as caught:
        action()
    return caught.value


def _phase(phase: str, language: str) -> str:
    return f"'{phase}' ({codelist('phase').label(phase, 'nl' if language == 'nl' else 'en')})"


def test_refused_phase_transition_in_dutch(dutch: None, nl_catalog: Catalog) -> None:
    msgid = (
        "A case cannot move from phase %(current)s to phase %(target)s. "
        "Allowed next phases: %(allowed)s."
    )
    error = refusal(
        lambda: check_transition(
            "closed", "intake", on=TODAY, today=TODAY, last_change_on=None, reason=None
        ),
        TransitionRefused,
    )
    values: dict[str, Any] = {"current": _phase("closed", "nl"), "target": _phase("intake", "nl")}
    expected = nl(nl_catalog, msgid) % {
        **values,
        "allowed": nl(nl_catalog, "none: the case is closed"),
    }
    english = msgid % {
        "current": _phase("closed", "en"),
        "target": _phase("intake", "en"),
        "allowed": "none: the case is closed",
    }
    assert error.message == expected
    assert error.message != english


def test_consent_gate_refusal_in_dutch(dutch: None, nl_catalog: Catalog) -> None:
    msgid = (
        "The letter was refused: there is no valid consent for sharing these details "
        "(%(problems)s). Record the client's consent, or an override with its reason. "
        "Nothing was written."
    )
    error = refusal(
        lambda: require_sharing_ground(None, None, recipient="X", purpose=None, on=TODAY),
        InputRejected,
    )
    reason = nl(nl_catalog, "no consent and no recorded override")
    assert isinstance(error, InputRejected)
    assert error.problems == [reason]
    assert error.message == nl(nl_catalog, msgid) % {"problems": reason}
    assert error.message != msgid % {"problems": "no consent and no recorded override"}


def test_referral_consent_gate_in_dutch(dutch: None, nl_catalog: Catalog) -> None:
    error = refusal(
        lambda: consent_gate(
            [], recipient_id=1, purpose="shelter", on=TODAY, override_reason="kort"
        ),
        ConsentMissing,
    )
    msgid = "An override needs a written reason of at least %(count)d characters."
    assert error.message == nl(nl_catalog, msgid) % {"count": 20}
    assert error.message != msgid % {"count": 20}


def test_import_with_bad_rows_in_dutch(
    dutch: None, nl_catalog: Catalog, vault_fx: VaultFixture, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    rows = [",".join(COLUMNS), "CL-1,,,,,,,,,,,,", "CL-2,,,,,,,2025-13-40,,,,,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    error = refusal(lambda: import_cases(open_store(vault_fx.vault), path), InputRejected)
    assert isinstance(error, InputRejected)
    # Dutch has two plural forms (n == 1, otherwise); two problems take the second.
    summary = nl(nl_catalog, "The import file has %(total)d problem; nothing was imported.", 1)
    assert error.message == summary % {"total": 2}
    line = nl(nl_catalog, "row %(row)d, column %(column)s: %(reason)s")
    assert error.problems == [
        line
        % {
            "row": 2,
            "column": "signal_date",
            "reason": nl(nl_catalog, "a signal date is required"),
        },
        line
        % {
            "row": 3,
            "column": "signal_date",
            # The value is not repeated (issue 12): a date column may hold a birth date.
            "reason": nl(nl_catalog, "the date is not a real date in the form YYYY-MM-DD"),
        },
    ]
    assert not error.message.startswith("The import file")


def test_wrong_passphrase_in_dutch(
    dutch: None, nl_catalog: Catalog, vault_fx: VaultFixture
) -> None:
    vault_fx.vault.lock()
    error = refusal(
        lambda: Vault.unlock(vault_fx.folder, Credentials(passphrase="not the passphrase at all")),
        AuthenticationFailed,
    )
    msgid = "Wrong user name or passphrase."
    assert error.message == nl(nl_catalog, msgid)
    assert error.message != msgid


def _key_with_typo_in_group(group: int) -> str:
    groups = generate().split("-")
    wrong = groups[group - 1]
    # Another valid character in the first data position: the group's check character catches it.
    replacement = ALPHABET[(ALPHABET.index(wrong[0]) + 1) % len(ALPHABET)]
    groups[group - 1] = replacement + wrong[1:]
    return "-".join(groups)


def test_recovery_key_typo_in_dutch(dutch: None, nl_catalog: Catalog) -> None:
    msgid = "Group %(group)d of the recovery key has a typo; check it against the printed sheet."
    error = refusal(lambda: normalise(_key_with_typo_in_group(3)), RecoveryKeyTypo)
    assert error.message == nl(nl_catalog, msgid) % {"group": 3}
    assert error.message != msgid % {"group": 3}


def test_message_formed_on_a_worker_thread_is_in_the_app_language(
    dutch: None, nl_catalog: Catalog
) -> None:
    """The app raises on its serial vault thread; the language is process-wide, not per thread."""
    caught: list[CareCoordError] = []

    def work() -> None:
        try:
            normalise(_key_with_typo_in_group(2))
        except RecoveryKeyTypo as exc:
            caught.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    msgid = "Group %(group)d of the recovery key has a typo; check it against the printed sheet."
    assert [e.message for e in caught] == [nl(nl_catalog, msgid) % {"group": 2}]


def test_without_a_catalog_loaded_messages_stay_english() -> None:
    """The command line never sets a language: its messages are the English msgids."""
    i18n._translations = i18n.NullTranslations()
    assert i18n.text_language() == "en"
    error = refusal(
        lambda: check_transition(
            "closed", "closed", on=TODAY, today=TODAY, last_change_on=None, reason=None
        ),
        TransitionRefused,
    )
    # The phase label in the sentence follows the sentence's language, not the app default.
    assert codelist("phase").label("closed", "en") != codelist("phase").label("closed", "nl")
    assert error.message == f"The case is already in phase {_phase('closed', 'en')}."
