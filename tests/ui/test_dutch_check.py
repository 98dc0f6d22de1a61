"""The Dutch-screen check itself (issue 17): it must catch English that never reached the
catalog, and let Dutch, names, numbers and dates through."""

from __future__ import annotations

from tests.ui.dutch_check import not_dutch, suspect_words


def test_english_is_caught_even_when_it_is_in_no_catalog() -> None:
    english = [
        "Select an action first",  # never wrapped: no msgid is exactly this
        "Save",
        "3 risk locations destroyed",  # an f-string's English
        "Cases",  # a msgid shown untranslated
    ]
    assert not_dutch(english) == sorted(english)
    assert suspect_words("Select an action first") == ["Select", "an", "action", "first"]


def test_dutch_names_numbers_and_dates_pass() -> None:
    dutch = [
        "Opslaan",
        "Dossiers",
        "Duc Vu",
        "Grace Okafor",
        "2025-000005",
        "19 sep 2026",
        "GM0363",
        "Best",  # a municipality
        "Status: plan",  # words both languages use
        "/home/zc/vault/backups",  # a path is data
    ]
    assert not_dutch(dutch) == []


def test_code_identifiers_are_caught() -> None:
    assert not_dutch(["mental_health", "cases_by_municipality_form", "Anna"]) == [
        "cases_by_municipality_form",
        "mental_health",
    ]


def test_a_lowercase_english_word_is_not_let_through_by_a_name() -> None:
    # "Mark" is a demo client's given name; "mark" in a sentence is English.
    assert suspect_words("Mark Bakker") == []
    assert suspect_words("mark as done") == ["mark", "as", "done"]


def test_data_on_a_dutch_screen_passes() -> None:
    # The demo's user name, a country with its code, the language switch's own names.
    assert (
        not_dutch(
            [
                "2 dec 2025 demo: Terugkeer besproken.",
                "Noorwegen (NO)",
                "Amerikaans-Samoa (AS)",
                "English",
                "OK",
            ]
        )
        == []
    )
    assert not_dutch(["Cancel", "Close", "Engels (language)"]) == [
        "Cancel",
        "Close",
        "Engels (language)",
    ]


def test_tooltips_drop_down_items_and_placeholders_are_read(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox, QPushButton, QTextEdit, QVBoxLayout, QWidget

    from tests.ui.dutch_check import more_texts

    root = QWidget()
    qtbot.addWidget(root)
    root.setWindowTitle("Dossier")
    layout = QVBoxLayout(root)
    button = QPushButton("Opslaan")
    button.setToolTip("Save the case")
    combo = QComboBox()
    combo.addItems(["Nederlands", "Dutch"])  # the second item is not the one shown
    note = QTextEdit()
    note.setPlaceholderText("Type a note")
    for widget in (button, combo, note):
        layout.addWidget(widget)
    root.show()
    texts = more_texts(root)
    assert {"Dossier", "Save the case", "Dutch", "Type a note"} <= set(texts)
    assert not_dutch(texts) == ["Dutch", "Save the case", "Type a note"]
