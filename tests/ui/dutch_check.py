"""Does a Dutch screen read as Dutch (issue 17)? A word on it is suspect when it belongs to the
English vocabulary but not to the Dutch one.

The English vocabulary: every word of every msgid in the catalog, the English labels of the code
lists, and a short list of common English words, so that a string never wrapped in ``_()`` (in
no catalog at all) or one built by an f-string is caught too, not only a msgid shown untranslated.

The Dutch vocabulary: every word of every Dutch msgstr (without the codes and commands it quotes
in English on purpose) and Dutch code-list label, and Babel's Dutch month, day, country and
language names (dates, nationalities). Words both languages use ("status", "plan", "code", "in",
"is") are in both and pass; a word only the English catalog knows does not. A text that is
exactly a Dutch msgstr passes as the translator wrote it.

Data is not language: the demo's names, towns and organisations and the municipalities pass, but
only as written, with their capital (``Grace``, ``Mark``, the municipality ``Best``), so that a
lowercase English word ("mark as done") is not let through by a client's name; so do the user
names the demo records, abbreviations in capitals (``BE``, ``OK``), numbers, dates and dossier
numbers (no letters but month names), paths, identifiers and e-mail addresses. The identifiers
check (``mental_health`` instead of its label) is kept beside the words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from carecoord import i18n

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

# Common English words a developer string is made of; words Dutch shares ("in", "is", "die",
# "had") are in the Dutch vocabulary too and so never count against a text.
COMMON_ENGLISH = frozenset(
    """
    a about above action actions add after again all already also an and any are as ask at
    back be because been before being below between both but by can cancel cannot case cases
    change choose clear click close could create current data date day days delete did do does
    done down each edit either empty enter error every failed file find first for found from get
    give go has have here how if into it its just last later least left let list load loading
    make many may more most must my name need needs new next no none not nothing now of off ok
    on one only open or other our out over please print read ready remove required right same
    save saved search see select selected send set should show shown so some start still such
    than that the their them then there these they this those to too try under until up update
    use used user was we were what when where which while who will with without would yes yet
    you your
    """.split()
)

# Dutch words spelled as English ones that no msgstr happens to use yet ("schuldhulp start").
DUTCH_ALSO = frozenset({"start", "week", "hand", "bank", "test", "model", "sport", "film"})

_PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[^}]*\}")
_MARKUP = re.compile(r"<[^>]+>|&[a-z]+;|&#\d+;")
# A hyphenated compound is one word: "back-up" is Dutch though "back" is not.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Identifiers (client_ref, --confirm, vault.keys), paths, web and e-mail addresses: data on a
# screen or in a message, not language.
_DATA_TOKEN = re.compile(r"\S*[/\\@_]\S*|--[^\W\d][\w-]*|\S*[^\W\d]\.[^\W\d]\S*")
# In a msgstr, what is left in English on purpose: quoted codes ('shelter', 'transfer key') and
# commands to type (carecoord vault restore BESTAND). Not Dutch words, so not in the vocabulary.
_QUOTED = re.compile(
    r"(?<!\w)'[^']+'(?!\w)|\bcarecoord(?: [a-z][a-z-]*)+|\bvault (?:verify|restore)\b"
)
_GETTEXT = {"_", "ngettext", "N_"}
_USER_FIELD = re.compile(r"^(author|user|\w+_by)$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def _clean(text: str) -> str:
    """``text`` without gettext placeholders, markup, mnemonic ampersands and data tokens."""
    text = _MARKUP.sub(" ", _PLACEHOLDER.sub(" ", text))
    text = text.replace("&&", " ").replace("&", "")
    return _DATA_TOKEN.sub(" ", text)


def words(text: str) -> list[str]:
    """The words of ``text`` as written: letters only, a hyphenated compound as one word, an
    apostrophe splits ("regio's": "regio"); single letters do not count."""
    return [w for w in _WORD.findall(_clean(text)) if len(w) > 1]


def _lower_words(texts: Iterable[str], *, drop_quoted: bool = False) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found.update(w.lower() for w in words(_QUOTED.sub(" ", text) if drop_quoted else text))
    return found


@cache
def catalog() -> dict[str, str]:
    """English msgid (every form of a plural) -> its Dutch msgstr, from the Dutch .po."""
    from babel.messages.pofile import read_po

    with i18n.catalog_path("nl").open("rb") as po:
        messages = read_po(po)
    dutch: dict[str, str] = {}
    for message in messages:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, msgid in enumerate(ids):
            string = strings[min(index, len(strings) - 1)] if strings else ""
            dutch[str(msgid).replace("&", "")] = str(string or "").replace("&", "")
    return dutch


@cache
def codes() -> frozenset[str]:
    from carecoord.domain.codelists import all_codelists

    return frozenset(code for lst in all_codelists().values() for code in lst.values)


def _code_labels(language: str) -> list[str]:
    from carecoord.domain.codelists import all_codelists

    return [getattr(code, language) for lst in all_codelists().values() for code in lst.codes]


def _demo_strings() -> tuple[list[str], list[str]]:
    """The string literals of the demo generator and its name lists that a demo case shows (not
    docstrings, nor messages given to ``_()``: English, to be translated), and the user names
    it records (``author="demo"``, ``recorded_by="demo"``)."""
    import carecoord

    root = Path(carecoord.__file__).resolve().parent
    sources = [*(root / "demo").glob("*.py"), *root.glob("demo_*.py")]
    found: list[str] = []
    users: list[str] = []
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                skip.add(id(node.value))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in _GETTEXT:
                skip.update(id(arg) for arg in node.args)
            elif isinstance(node, ast.keyword) and _USER_FIELD.match(node.arg or ""):
                users.extend(
                    c.value
                    for c in ast.walk(node.value)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                )
        found.extend(
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
        )
    return found, users


def _babel_dutch() -> list[str]:
    from babel import Locale

    locale = Locale("nl")
    names: list[str] = []
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names.extend(str(v) for v in locale.months[context][width].values())
            names.extend(str(v) for v in locale.days[context][width].values())
    names.extend(str(v) for v in locale.territories.values())
    names.extend(str(v) for v in locale.languages.values())
    return names


def _places() -> list[str]:
    from carecoord.domain.municipalities import municipalities, safety_regions

    return [m.name for m in municipalities().values()] + [r.name for r in safety_regions().values()]


@cache
def english_vocabulary() -> frozenset[str]:
    return frozenset(
        _lower_words(catalog().keys()) | _lower_words(_code_labels("en")) | COMMON_ENGLISH
    )


@cache
def dutch_vocabulary() -> frozenset[str]:
    """Lowercase words of the Dutch catalog, code lists, dates and countries."""
    texts = [*catalog().values(), *_code_labels("nl"), *_babel_dutch()]
    return frozenset(_lower_words(texts, drop_quoted=True) | DUTCH_ALSO)


@cache
def demo_names() -> frozenset[str]:
    """The demo data's and the municipalities' words as written: a name counts with its
    capital only (the municipality Best is not the word "best")."""
    strings, users = _demo_strings()
    texts = [*strings, *_places()]
    return frozenset([*users, *(w for text in texts for w in words(text) if w[0].isupper())])


def suspect_words(text: str) -> list[str]:
    """The words of ``text`` that are English and not Dutch."""
    english, dutch, names = english_vocabulary(), dutch_vocabulary(), demo_names()
    return [
        w
        for w in words(text)
        if w.lower() in english
        and w.lower() not in dutch
        and w not in names
        and not (w.isupper() and len(w) <= 3)  # an abbreviation or code: BE, AS, OK, GGD
    ]


def not_dutch(texts: list[str]) -> list[str]:
    """The texts on a Dutch screen that are not Dutch: an English word in them (a msgid shown
    untranslated, a string never wrapped, an f-string of English), or a code identifier
    (``mental_health``, ``cases_by_municipality_form``) instead of its label."""
    dutch = catalog()
    # The language switch names each language in its own words ("English"), by convention.
    translations = set(dutch.values()) | {i18n.language_name(c) for c in i18n.LANGUAGES}
    found = []
    for text in texts:
        if not text or text in translations:
            continue  # a whole Dutch msgstr, as the translator wrote it
        if text in dutch and dutch[text] != text:
            found.append(text)  # the English msgid itself: its translation was not used
        elif _IDENTIFIER.match(text) or (text in codes() and "_" in text):
            found.append(text)
        elif suspect_words(text):
            found.append(text)
    return sorted(set(found))


def more_texts(root: QWidget) -> list[str]:
    """What the every-screen test's ``visible_texts`` leaves out and a person still reads: the
    window title, tooltips (of widgets, tabs and the first rows of a list), every item of a
    drop-down (not only the chosen one), the placeholder of a text box, a message box's
    informative text, the status bar's message and the menus."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QComboBox,
        QMainWindow,
        QMessageBox,
        QPlainTextEdit,
        QTabWidget,
        QTextEdit,
    )
    from PySide6.QtWidgets import QWidget as Widget

    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(Widget)]:
        if widget is not root and (not widget.isVisibleTo(root) or widget.window() is not root):
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QMessageBox):
            texts.append(widget.informativeText())
        elif isinstance(widget, QTabWidget):
            texts.extend(widget.tabToolTip(i) for i in range(widget.count()))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 20)):
                tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    texts.append(tip)
    if isinstance(root, QMainWindow):
        texts.append(root.statusBar().currentMessage())
        for menu_action in root.menuBar().actions():
            texts.append(menu_action.text())
            menu = menu_action.menu()
            if menu is not None:
                texts.extend(a.text().split("\t")[0] for a in menu.actions())  # type: ignore[union-attr]
                texts.extend(a.toolTip() for a in menu.actions())  # type: ignore[union-attr]
    return [t.replace("&&", "\0").replace("&", "").replace("\0", "&").strip() for t in texts]


def speak(language: str) -> Callable[[], None]:
    """Set ``language`` as the app does, Qt's own catalog included (so that a message box's
    standard buttons are judged as the coordinator sees them: "Annuleren", not "Cancel");
    returns what undoes it, so that later tests keep Qt's defaults."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from ui import language as ui_language

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QLocale()
    ui_language.install_language(app, language)

    def undo() -> None:
        for translator in ui_language._installed:
            app.removeTranslator(translator)
        ui_language._installed.clear()
        QLocale.setDefault(before)
        i18n.set_language(i18n.DEFAULT_LANGUAGE)

    return undo
