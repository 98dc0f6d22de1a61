"""Drives the app's workflows with canary strings, for the leak test.

Run as a subprocess with HOME, TMPDIR and the XDG folders pointed into a scratch root; the test
then scans every file under that root for the canaries. Files the coordinator asks for (a saved
letter, an access export) go to CHOSEN, outside the scratch root, as a person would choose.
Usage: leak_drive.py ROOT CANARY CHOSEN
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(root: Path, canary: str, chosen: Path) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["CARECOORD_INSECURE_TEST_KDF"] = "1"
    from datetime import date, timedelta

    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QApplication,
        QComboBox,
        QFileDialog,
        QLineEdit,
        QPlainTextEdit,
    )

    from tests.support.choices import choose_open_codes
    from ui.app import create_app, install_language
    from ui.dialogs.base import FormDialog
    from ui.main_window import MainWindow
    from ui.preferences import Preferences
    from ui.worker import VaultWorker

    app = create_app(["leak-drive"])
    install_language(app, "nl")
    worker = VaultWorker()
    window = MainWindow(root / "vault", worker, Preferences())
    window.show()

    def wait_until(condition, timeout_s: float = 15) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit("timed out at " + str(condition.__code__.co_firstlineno))
            # processEvents(flags, maxtime) leaks a reference to None in PySide6 6.12 and
            # aborts after many calls; the plain overload plus a short sleep does not.
            QCoreApplication.processEvents()
            time.sleep(0.01)

    passphrase = f"{canary[::-1]} passphrase"
    page = window.unlock_page
    page.show_recovery_key = window.clipboard.copy_sensitive  # type: ignore[method-assign]
    # The coordinator's user name is stored in clear in vault.keys by design (it picks the key
    # slot before unlock); it is not client data, so it does not carry the canary.
    page.user.setText("coordinator")
    page.passphrase.setText(passphrase)
    page.repeat.setText(passphrase)
    page.submit()
    wait_until(lambda: window.session.is_unlocked)

    ws = window.workspace

    def open_form() -> FormDialog:
        wait_until(
            lambda: any(isinstance(w, FormDialog) and w.isVisible() for w in app.topLevelWidgets())
        )
        return next(w for w in app.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible())

    def fill(dialog: FormDialog, text: str) -> None:
        """The canary in every free-text field of the form."""
        for edit in dialog.findChildren(QLineEdit):
            if not isinstance(edit.parent(), (QAbstractSpinBox, QComboBox)):
                edit.setText(text)
        for edit in dialog.findChildren(QPlainTextEdit):
            edit.setPlainText(text)

    def submit(dialog: FormDialog) -> None:
        saved: list[object] = []
        dialog.saved.connect(saved.append)
        choose_open_codes(dialog)
        dialog.submit()
        wait_until(lambda: bool(saved) and not worker.busy)

    # Settings: letterhead and a partner organisation.
    ws.show_page(ws.page_titles()[-1])
    wait_until(lambda: not worker.busy)
    window.workspace.settings.idle.setValue(7)
    for field in ws.settings_area.vault.letterhead.values():
        if isinstance(field, QPlainTextEdit):
            field.setPlainText(canary)
        else:
            field.setText(canary)
    ws.settings_area.vault.save_letterhead()
    wait_until(lambda: not worker.busy)
    org = ws.settings_area.vault.add_organisation()
    fill(org, "Opvang " + canary)
    submit(org)

    # A new case, its notes, tasks, exit programme, consent, referral and letter.
    ws.show_page(ws.page_titles()[1])
    new = ws.cases.new_case()
    fill(new, canary)
    new.signal_date.edit.setDate(date.today() - timedelta(days=30))
    new.forms.set_codes(("sexual",))
    submit(new)
    view = ws.cases.view
    wait_until(lambda: view.case is not None)
    for action in (view.notes.add_note, view.tasks.add_task):
        dialog = action()
        fill(dialog, canary)
        submit(dialog)
    view.exit.enrol()
    submit(open_form())
    wait_until(lambda: view.case is not None and view.case.exit_programme is not None)
    # Case work (issue 16): a goal of the exit programme and one of the case plan, a contact
    # person (name, phone, e-mail), a case meeting (decisions, the legal ground) with an action,
    # and a safety assessment's measures, every one typed with the canary.
    casework = view.casework
    for plan_section in (view.exit.plan, casework.plan):
        goal = plan_section.add_goal()
        assert goal is not None
        fill(goal, canary)
        submit(goal)
    casework.contacts.add_contact()
    contact = open_form()
    fill(contact, canary)
    submit(contact)
    casework.meetings.record_meeting()
    meeting = open_form()
    meeting.participants.item(0).setCheckState(Qt.CheckState.Checked)  # type: ignore[attr-defined]
    fill(meeting, canary)
    meeting.ground.setPlainText(canary + " wettelijke grondslag")  # type: ignore[attr-defined]
    submit(meeting)
    wait_until(lambda: view.case is not None and bool(view.case.meetings))
    casework.meetings.list.setCurrentRow(0)
    casework.meetings.add_action()
    action = open_form()
    fill(action, canary)
    submit(action)
    assessment = casework.safety.assess()
    fill(assessment, canary)
    submit(assessment)
    wait_until(
        lambda: (
            view.case is not None
            and bool(view.case.safety)
            and any(m.actions for m in view.case.meetings)
            and len(view.case.goals) == 2
            and bool(view.case.contacts)
        )
    )
    view.consents.record_consent()
    consent = open_form()
    consent.form.itemAt(3).widget().set_codes(("shelter",))  # type: ignore[union-attr]
    consent.form.itemAt(5).widget().set_codes(("identity",))  # type: ignore[union-attr]
    submit(consent)
    view.referrals.new_referral()
    submit(open_form())
    view.referrals.list.setCurrentRow(0)
    view.referrals.send_referral()
    wait_until(
        lambda: (
            not worker.busy and view.case is not None and view.case.referrals[0].status == "sent"
        )
    )
    view.referrals.list.setCurrentRow(0)
    letter = view.referrals.letter()
    assert letter is not None
    letter.ask_save_path = lambda _suggested: chosen / "brief.pdf"  # type: ignore[method-assign]
    letter.save_letter()
    wait_until(lambda: (chosen / "brief.pdf").exists() and not worker.busy)
    letter.reject()
    window.clipboard.copy_sensitive(canary)

    # Identity corrected; the data subject's access export, to a folder the person chose.
    rectify = view.overview.rectify_identity()
    wait_until(lambda: not worker.busy)
    fill(rectify, canary + "Nieuw")
    submit(rectify)
    reference = view.case.summary.client_reference if view.case else ""
    QFileDialog.getExistingDirectory = staticmethod(lambda *_a, **_k: str(chosen))  # type: ignore[method-assign]
    ws.subject_requests(reference)
    ws.retention.requests.export_subject()
    wait_until(lambda: not worker.busy and any(chosen.glob("*.json")))

    # Search by the name; a signal without a person, attached to the case afterwards.
    ws.show_page(ws.page_titles()[1])
    ws.cases.show_list()
    ws.cases.list.search.setText(canary)
    ws.cases.list.refresh()
    wait_until(lambda: not worker.busy)
    ws.show_page(ws.page_titles()[2])
    signal = ws.signals.record_signal()
    fill(signal, canary)
    submit(signal)
    wait_until(lambda: ws.signals.model.rowCount() > 0)
    ws.signals.table.selectRow(0)
    ws.show_page(ws.page_titles()[5])  # statistics
    wait_until(lambda: not worker.busy)

    # A form with typed input when the idle lock comes: discarded, never written.
    ws.show_page(ws.page_titles()[1])
    ws.cases.open_case(view.case_id or 0)
    wait_until(lambda: not worker.busy)
    unsaved = view.notes.add_note()
    fill(unsaved, canary + " unsaved")
    window.idle.set_interval_ms(600)
    window.idle.arm()
    wait_until(lambda: not window.session.is_unlocked)
    window.idle.set_minutes(7)
    wait_until(lambda: not worker.busy)

    # A wrong and a right unlock.
    page.passphrase.setText(canary[::-1] + " wrong")
    page.submit()
    wait_until(lambda: bool(page.status.text()) and page.button.isEnabled())
    page.passphrase.setText(passphrase)
    page.submit()
    wait_until(lambda: window.session.is_unlocked)
    window.close()
    wait_until(lambda: not worker.busy)
    worker.shutdown()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])))
