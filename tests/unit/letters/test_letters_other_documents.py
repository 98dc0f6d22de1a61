"""Recovery key sheet, handover summary and access report."""

from __future__ import annotations

import datetime as dt

import pytest

from carecoord.errors import InputRejected
from carecoord.letters.access_report import render_access_report
from carecoord.letters.handover_summary import render_handover_summary
from carecoord.letters.model import AccessEntry, RecoverySheet
from carecoord.letters.recovery_sheet import render_recovery_sheet
from carecoord.letters.samples import sample_access_report, sample_handover
from tests.conftest import VaultFixture
from tests.support.letters_pdf import all_text, page_texts


def flat(pdf: bytes) -> str:
    return " ".join(all_text(pdf).split())


def test_recovery_sheet_shows_a_real_key_in_groups_with_date_and_no_vault_path(
    vault_fx: VaultFixture,
) -> None:
    sheet = RecoverySheet(
        language="nl", recovery_key=vault_fx.recovery_key, created_on=dt.date(2026, 11, 28)
    )
    pdf = render_recovery_sheet(sheet)
    text = flat(pdf)
    groups = vault_fx.recovery_key.split("-")
    assert len(groups) == 8
    for group in groups:
        assert group in text
    assert "28 november 2026" in text
    assert "Waar bewaart u dit blad?" in text
    assert str(vault_fx.folder) not in text and vault_fx.folder.name not in text
    assert len(page_texts(pdf)) == 1


def test_recovery_sheet_refuses_an_ungrouped_key() -> None:
    with pytest.raises(InputRejected):
        render_recovery_sheet(RecoverySheet(recovery_key="abc def", created_on=dt.date(2026, 1, 1)))


def test_handover_needs_consent_for_the_receiving_region() -> None:
    summary = sample_handover("nl")
    other = summary.consent.model_copy(update={"recipient": "Regio Zeeland"})  # type: ignore[union-attr]
    with pytest.raises(InputRejected, match="no valid consent"):
        render_handover_summary(summary.model_copy(update={"consent": other}))


def test_access_report_lists_entries_in_time_order() -> None:
    report = sample_access_report("nl")
    late = AccessEntry(
        at=dt.datetime(2026, 10, 2, 8, 0),
        user="bram",
        action="zoeken",
        what="zoekopdracht",
        emergency=True,
    )
    text = flat(
        render_access_report(report.model_copy(update={"entries": (*report.entries, late)}))
    )
    assert text.index("bram") < text.index("02-11-2026")
    assert "zoeken – noodtoegang" in text
    assert "1 oktober 2026 tot en met 27 november 2026" in text


def test_access_report_without_entries_says_so() -> None:
    report = sample_access_report("en").model_copy(update={"entries": ()})
    assert "Your file was not accessed in this period." in flat(render_access_report(report))
