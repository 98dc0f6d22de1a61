"""A reserve of references for ``None``, ``True`` and ``False``: PySide6 6.12.0 on Python 3.11.

PySide6 / shiboken6 6.12.0 hands back ``None`` from every method that returns nothing (``setText``,
``show``, ``setCurrentIndex``, a Python ``paintEvent``), and ``True`` from every signal emission,
without the reference it owes: each such call takes one reference from the singleton for good
(measured: tests/ui/test_immortal_singletons.py; 6.11.3 does not do it). Python 3.12 made these
objects immortal (PEP 683), so there the slip is harmless; on 3.11 their counts start at some
27 000 and 5 500 in this app, and once one reaches zero Python aborts ("Fatal Python error:
none_dealloc" / "bool_dealloc") - in a coordinator's working day, after minutes, not weeks.

PySide6-Pdf (the printed letter and its preview) exists only for 6.12, so going back to 6.11 would
mean the 175 MB Addons wheel. Instead the app gives the three singletons what PEP 683 gives them:
a count so high that no run can use it up (2**50 references: at ten million leaking calls a
second, three and a half years; far below the 2**63 limit). It touches nothing else, and it is a
no-op where the interpreter already keeps them immortal. Remove it when the pin moves to a
PySide6 that owes nothing (the test above then shows a leak of 0).
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 50


def needed() -> bool:
    """Only CPython before 3.12 counts references on these singletons."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def reserve_references() -> bool:
    """Called once by each program before its first Qt call (ui/app.py create_app, the test
    session). Returns whether the reserve was added (now or before)."""
    if not needed():
        return False
    for singleton in (None, True, False):
        # Once only: a count above the reserve already holds it.
        if sys.getrefcount(singleton) < RESERVE:
            # ob_refcnt is the first field of every CPython object (a Py_ssize_t).
            ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
    return True
