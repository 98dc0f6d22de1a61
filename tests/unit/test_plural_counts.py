"""A count shown with a noun has its plural forms (issue 17: "1 risk locations destroyed").

Scans every ``_()`` in carecoord/ and ui/ for a number placeholder followed by a plural noun
("%(n)d cases", "%(s)d seconds"): such a message must be an ``ngettext``, unless the number can
never be 1 — a fixed limit ("at least %(count)d characters") or a count shown only above one.
Those are listed here by name, each with the reason, so a new one is a decision, not a slip.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# "%(n)d cases", "%(n)d open cases", "%(n)d risk location(s)": the noun is one of the first
# three words after the number (a word ending in s that is not a verb or a pronoun).
COUNTED = re.compile(r"%\((\w+)\)d((?: [\w-]+){1,3})")
# Placeholders that name a position or a version, not a number of things ("entry %(seq)d").
POSITIONS = {"seq", "row", "position", "group", "page", "version", "known", "latest", "first"}
POSITIONS |= {"last", "head", "before", "after", "q", "id", "on"}
NOT_NOUNS = {"is", "was", "has", "does", "its", "this", "as", "us", "his", "plus", "always"}
NEVER_ONE = {
    # A fixed limit of the code, larger than one.
    "max": "a label's length limit",
    "limit": "a length or row limit",
    "count": "checked below: only fixed limits",
    # Shown only when more than the listed ones exist / more than one case is open.
    "total": "more problems than are listed",
}
COUNT_IS_A_LIMIT = re.compile(
    r"(at least|at most|shorter than|longer than|fewer than|more than) %\(count\)d"
)


def _messages(root: Path) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value))
    return found


def uncounted(messages: list[tuple[str, int, str]]) -> list[str]:
    bad = []
    for where, line, text in messages:
        for match in COUNTED.finditer(text):
            name = match.group(1)
            if name in POSITIONS:
                continue
            following = match.group(2).split()
            nouns = [w for w in following if w.endswith("s") and w not in NOT_NOUNS]
            if not nouns or following.index(nouns[0]) > following.index(
                next((w for w in following if w in NOT_NOUNS), nouns[0])
            ):
                continue  # no plural noun, or one only after a verb ("entry 3 is missing")
            if name == "count" and not COUNT_IS_A_LIMIT.search(text):
                if "open cases; give the case reference" in text:
                    continue  # said only when a client has more than one open case
                bad.append(f"{where}:{line}: {text[:80]!r}")
            elif name not in NEVER_ONE:
                bad.append(f"{where}:{line}: {text[:80]!r}")
    return bad


def test_every_count_with_a_noun_has_plural_forms() -> None:
    messages = _messages(ROOT / "carecoord") + _messages(ROOT / "ui")
    assert len(messages) > 500  # the scan really read the code
    bad = uncounted(messages)
    assert not bad, "use ngettext for these:\n" + "\n".join(bad)


def test_the_scan_catches_a_count_without_plural() -> None:
    sample = [
        ("x.py", 1, "Done: %(l)d risk locations destroyed."),
        ("x.py", 2, "CareCoord locks in %(s)d seconds."),
        ("x.py", 3, "The recovery key has %(count)d characters."),
        ("x.py", 4, "%(n)d access-log entries removed"),
        ("x.py", 5, "at least %(count)d characters"),  # a limit: fine
        ("x.py", 6, "Row %(row)d of the file is longer than %(limit)d characters."),  # fine
        ("x.py", 7, "entry %(seq)d is missing"),  # a position, no noun after it: fine
    ]
    assert [b.split(":")[1] for b in uncounted(sample)] == ["1", "2", "3", "4"]
