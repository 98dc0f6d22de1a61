"""Wrap the simple unmarked messages of core errors in ``_()``; list the ones that need a person.

``tests/unit/test_core_messages_translatable.py`` fails on any message of a ``carecoord.errors``
type (or a subclass) that is not marked for translation. This tool fixes the two mechanical cases
in place:

- a plain literal ``raise InputRejected("Text.")`` becomes ``raise InputRejected(_("Text."))``;
- an f-string whose fields are plain names or attributes, ``f"No case {ref}."``, becomes
  ``_("No case %(ref)s.") % {"ref": ref}``;

and adds ``from carecoord.i18n import _`` where missing. Then it runs the test's scan and prints
what is left for a person (concatenations, fields that are calls or subscripts, ``problems``). Afterwards: ruff format, update_translations.py, then fill the Dutch entries.

    .venv/bin/python tools/mark_core_messages.py [carecoord]
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.test_core_messages_translatable import (  # noqa: E402 - needs the path above
    MARKERS,
    MESSAGE_POSITION,
    error_types,
    unmarked_messages,
)

IMPORT = "from carecoord.i18n import _\n"


def _field_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _simple_fields(node: ast.JoinedStr) -> dict[str, str] | None:
    """Placeholder name -> source of its value, or None when a field is not a plain name."""
    fields: dict[str, str] = {}
    for value in node.values:
        if not isinstance(value, ast.FormattedValue):
            continue
        name = _field_name(value.value)
        if name is None or value.conversion != -1 or value.format_spec is not None:
            return None
        source = ast.unparse(value.value)
        if fields.setdefault(name, source) != source:
            return None
    return fields


def _rewrite_fstring(segment: str) -> str:
    """Each string token of an implicitly concatenated literal, as a %-format literal."""
    lines = segment.splitlines(keepends=True)

    def offset(row: int, col: int) -> int:
        return sum(len(line) for line in lines[: row - 1]) + col

    pieces = []
    for token in tokenize.generate_tokens(io.StringIO(segment).readline):
        if token.type != tokenize.STRING:
            continue
        parsed = ast.parse(token.string, mode="eval").body
        if isinstance(parsed, ast.JoinedStr):
            text = ""
            for value in parsed.values:
                if isinstance(value, ast.Constant):
                    text += str(value.value).replace("%", "%%")
                else:
                    assert isinstance(value, ast.FormattedValue)
                    text += f"%({_field_name(value.value)})s"
        else:
            text = str(parsed.value).replace("%", "%%")
        pieces.append((offset(*token.start), offset(*token.end), repr(text)))
    for start, end, text in reversed(pieces):
        segment = segment[:start] + text + segment[end:]
    return segment


def _message_arg(call: ast.Call, kind: str) -> ast.expr | None:
    position = MESSAGE_POSITION.get(kind, 0)
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == "message"), None)


def mark_file(path: Path, errors: set[str]) -> None:
    """Rewrite ``path`` in place: the plain literals and simple f-strings."""
    source = path.read_text(encoding="utf-8")
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    def position(row: int, col: int) -> int:
        line = source[line_starts[row - 1] : line_starts[row]]
        return line_starts[row - 1] + len(line.encode()[:col].decode())  # col is in UTF-8 bytes

    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(ast.parse(source)):
        kind = _field_name(node.func) if isinstance(node, ast.Call) else None
        if kind not in errors:
            continue
        assert isinstance(node, ast.Call)
        arg = _message_arg(node, kind)
        if arg is None or (isinstance(arg, ast.Call) and _field_name(arg.func) in MARKERS):
            continue
        if isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Call):
            if _field_name(arg.left.func) in MARKERS:
                continue
        assert arg.end_lineno is not None and arg.end_col_offset is not None
        start = position(arg.lineno, arg.col_offset)
        end = position(arg.end_lineno, arg.end_col_offset)
        segment = source[start:end]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            edits.append((start, end, f"_({segment})"))
            continue
        fields = _simple_fields(arg) if isinstance(arg, ast.JoinedStr) else None
        if fields is None:
            continue  # reported by the scan afterwards if it holds unmarked text
        mapping = ", ".join(f'"{name}": {value}' for name, value in fields.items())
        edits.append((start, end, f"_({_rewrite_fstring(segment)}) % {{{mapping}}}"))
    if edits:
        for start, end, text in sorted(edits, reverse=True):
            source = source[:start] + text + source[end:]
        if IMPORT not in source and "from carecoord.i18n import" not in source:
            anchor = "from __future__ import annotations\n"
            source = (
                source.replace(anchor, anchor + "\n" + IMPORT, 1)
                if anchor in source
                else IMPORT + source
            )
        path.write_text(source, encoding="utf-8")
        print(f"{path}: {len(edits)} marked")


def main(argv: list[str]) -> int:
    top = Path(argv[0]) if argv else ROOT / "carecoord"
    paths = sorted(top.rglob("*.py"))
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    errors = error_types(trees)
    for path in paths:
        mark_file(path, errors)
    left = unmarked_messages(top.resolve())
    if left:
        print("\nRewrite by hand (_() with %(name)s placeholders and a dict):")
        print("\n".join(left))
    print("\nThen: ruff check --fix, ruff format, tools/update_translations.py, fill nl.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
