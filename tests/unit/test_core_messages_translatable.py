"""Every message the core raises to a user is marked for translation (AST scan of carecoord/).

The app shows ``carecoord.errors`` messages as they are, in the app's language; a literal that
skips ``_()`` would appear in English in the Dutch app. This scan fails on such a literal in the
message or the ``problems`` of any error type (including subclasses defined in the core), also when
the literal is first assigned to a local name or appended to a local list. It also refuses
f-strings inside ``_()``: the catalog entry must not depend on the values.

To list every offender: ``.venv/bin/python -m pytest tests/unit/test_core_messages_translatable.py``
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "carecoord"
BASE_ERRORS = {
    "CareCoordError",
    "UsageError",
    "AuthenticationFailed",
    "VaultUnavailable",
    "VaultDamaged",
    "NotAVault",
    "VaultInUse",
    "VaultTooNew",
    "InputRejected",
    "VaultLocked",
    "KeyringUnavailable",
}
MARKERS = {"_", "ngettext", "N_"}
# Error types whose message is not the first argument (e.g. VaultCheckFailed(check, message)).
MESSAGE_POSITION = {"VaultCheckFailed": 1}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _trees(root: Path) -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(root.rglob("*.py"))
    }


def error_types(trees: dict[Path, ast.Module]) -> set[str]:
    """The base error types plus every class in the core derived from one of them."""
    names = set(BASE_ERRORS)
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in names
                    and any(_name(base) in names for base in node.bases)
                ):
                    names.add(node.name)
                    grew = True
    return names


def _has_words(text: str) -> bool:
    """Text a person reads: at least one run of two letters (not ", " or "$" or " ")."""
    return any(a.isalpha() and b.isalpha() for a, b in itertools.pairwise(text))


class _Checker:
    def __init__(self, scope: ast.AST) -> None:
        self.scope = scope
        self.problems: list[tuple[int, str]] = []
        self._seen: set[str] = set()

    def check(self, node: ast.AST, inside_marker: bool = False) -> None:
        if isinstance(node, ast.JoinedStr | ast.Constant):
            self._literal(node, inside_marker)
        elif isinstance(node, ast.Call):
            self._call(node, inside_marker)
        elif isinstance(node, ast.Dict):
            for value in node.values:  # keys are placeholder names
                self.check(value, inside_marker)
        elif isinstance(node, ast.Subscript):
            self.check(node.value, inside_marker)  # the key is an identifier, not text
        elif isinstance(node, ast.Name):
            self._check_local(node.id)
        else:
            for child in ast.iter_child_nodes(node):
                self.check(child, inside_marker)

    def _literal(self, node: ast.JoinedStr | ast.Constant, inside_marker: bool) -> None:
        if isinstance(node, ast.JoinedStr):
            what = "an f-string inside _()" if inside_marker else "an unmarked f-string"
            self.problems.append((node.lineno, what))
        elif isinstance(node.value, str) and not inside_marker and _has_words(node.value):
            self.problems.append((node.lineno, f"an unmarked literal {node.value[:50]!r}"))

    def _call(self, node: ast.Call, inside_marker: bool) -> None:
        if _name(node.func) in MARKERS:
            for arg in node.args:
                self.check(arg, inside_marker=True)
        elif isinstance(node.func, ast.Attribute) and node.func.attr == "join":
            # "; ".join(parts): the separator is punctuation; check the parts.
            for arg in node.args:
                self.check(arg, inside_marker)
        else:
            # Other calls compute a value (a code list, a lookup); their arguments are no text
            # for a person, but "...".format(...) is, so the callee is checked.
            self.check(node.func, inside_marker)

    def _check_local(self, name: str) -> None:
        """A message or problem list built in a local first: check what is put into it."""
        if name in self._seen:
            return
        self._seen.add(name)
        for node in ast.walk(self.scope):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                self.check(node.value)
            elif (
                isinstance(node, ast.AugAssign | ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == name
                and node.value is not None
            ):
                self.check(node.value)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("append", "extend", "insert")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == name
            ):
                for arg in node.args:
                    self.check(arg)


def _enclosing_scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.Call]]:
    """Each call with the innermost function (or the module) around it."""

    def visit(node: ast.AST, scope: ast.AST) -> Iterator[tuple[ast.AST, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            if isinstance(child, ast.Call):
                yield scope, child
            yield from visit(child, inner)

    yield from visit(tree, tree)


def unmarked_messages(root: Path = CORE) -> list[str]:
    trees = _trees(root)
    errors = error_types(trees)
    found = []
    for path, tree in trees.items():
        for scope, call in _enclosing_scopes(tree):
            kind = _name(call.func)
            if kind not in errors:
                continue
            position = MESSAGE_POSITION.get(kind, 0)
            checked: list[ast.expr] = call.args[position:]
            checked += [k.value for k in call.keywords if k.arg in ("message", "problems")]
            checker = _Checker(scope)
            for arg in checked:
                checker.check(arg)
            relative = path.relative_to(root.parent)
            found += [f"{relative}:{line}: {kind}: {what}" for line, what in checker.problems]
    return sorted(set(found))


def test_every_core_error_message_is_marked_for_translation() -> None:
    found = unmarked_messages()
    assert not found, (
        "wrap these in _() from carecoord.i18n, with %(name)s placeholders and a dict:\n"
        + "\n".join(found)
    )


def test_the_scan_catches_an_unmarked_message(tmp_path: Path) -> None:
    """The scan itself can fail: each bad form below is reported, each good one is not."""
    source = """
from carecoord.errors import InputRejected
from carecoord.i18n import _

class Refused(InputRejected):
    pass

def bad(reference, n):
    raise Refused(f"There is no case {reference}.")

def bad_inside(n):
    raise InputRejected(_(f"row {n} is bad"))

def bad_local(n):
    message = "The file is empty."
    raise InputRejected(message)

def bad_problems(n):
    problems = []
    problems.append("row 2: no date")
    raise InputRejected(_("Bad rows."), problems)

def good(reference):
    raise Refused(_("There is no case %(ref)s.") % {"ref": reference}, problems=[", ".join([])])
"""
    tree = ast.parse(source)
    errors = error_types({tmp_path / "x.py": tree})
    assert "Refused" in errors
    lines = []
    for scope, call in _enclosing_scopes(tree):
        if _name(call.func) in errors:
            checker = _Checker(scope)
            for arg in call.args + [k.value for k in call.keywords]:
                checker.check(arg)
            lines += [line for line, _what in checker.problems]
    assert sorted(lines) == [9, 12, 15, 20]


def test_the_marking_tool_fixes_simple_messages_and_keeps_their_text(tmp_path: Path) -> None:
    """tools/mark_core_messages.py: what it rewrites passes the scan and reads the same."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "mark_core_messages", CORE.parent / "tools" / "mark_core_messages.py"
    )
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    package = tmp_path / "pkg"
    package.mkdir()
    module = package / "sample.py"
    module.write_text(
        "from __future__ import annotations\n\n"
        "from carecoord.errors import InputRejected\n\n\n"
        "def refuse(ref: str, n: int) -> None:\n"
        "    if n:\n"
        '        raise InputRejected(f"Row {n} of case "\n'
        '                            f"{ref} is bad; " "see the 5% rule.")\n'
        '    raise InputRejected("Plain text.", problems=["row 1: bad"])\n',
        encoding="utf-8",
    )
    tool.mark_file(module, error_types(_trees(package)))
    assert unmarked_messages(package) == [
        "pkg/sample.py:12: InputRejected: an unmarked literal 'row 1: bad'"
    ]
    namespace: dict[str, object] = {}
    exec(compile(module.read_text(encoding="utf-8"), str(module), "exec"), namespace)  # noqa: S102
    refuse = namespace["refuse"]
    assert callable(refuse)
    from carecoord.errors import InputRejected

    try:
        refuse("R-1", 3)
    except InputRejected as exc:
        assert exc.message == "Row 3 of case R-1 is bad; see the 5% rule."
    else:
        raise AssertionError("not refused")


def test_every_ui_error_message_is_marked_for_translation() -> None:
    """The UI raises the core's errors too (printing: "The printer could not be started"), and
    the app shows them as they are (issue 17)."""
    found = unmarked_messages(CORE.parent / "ui")
    assert not found, "wrap these in _() from carecoord.i18n:\n" + "\n".join(found)
