"""The frozen app's one executable on Linux: the name it is started by picks the program.

``carecoord-gui`` (a symbolic link next to it, packaging/carecoord.spec) opens the window,
``carecoord`` is the command line. One executable carries the interpreter and the module
archive once instead of twice (issue 14: two launchers of 15 MB each). Windows and macOS keep two
executables, because there the console is a property of the executable.
"""

import sys
from pathlib import PurePath


def _program() -> str:
    name = PurePath(sys.argv[0]).name.lower()
    return "gui" if name.removesuffix(".exe").endswith("-gui") else "cli"


def main() -> None:
    if _program() == "gui":
        from ui.app import main as gui

        raise SystemExit(gui())
    from carecoord.cli import run

    run()


main()
