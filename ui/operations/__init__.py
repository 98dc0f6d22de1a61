"""UI operations: every write a screen asks for, in one place per area (Anki's ``aqt/operations``).

A screen builds an :class:`Op` from one of the modules here (``cases``, ``referrals``, ``tasks``
…) and hands it to :func:`perform` (or to a form dialog, which does the same). The op runs on the
vault worker, never on the GUI thread. The screen gets the result, or a :class:`CareCoordError`
whose message is in the user's language: a named error (carecoord/errors.py) as the core raised
it, an unexpected one already logged by the worker (type and place only, carecoord/error_log.py)
and replaced by one generic line (:class:`~carecoord.errors.UnexpectedError`), so that a screen
can tell them apart: e.g. only ``ConsentMissing`` offers the override after "send referral". After a success the session's :class:`ChangeBus` says once
which kinds of data changed (Anki's ``operation_did_execute``), and every page that shows them
refreshes itself (:func:`follow`), not only the screen that asked.

Every store call of the UI's writes lives in these modules, so that a change of the store's API
touches one place. This package itself stays light: the unlock screen imports it via the session.
"""

from __future__ import annotations

import contextlib
import enum
import types
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from carecoord.errors import CareCoordError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from carecoord.vault import Vault
    from ui.session import Session

T = TypeVar("T")


class Changes(enum.Flag):
    """Which kinds of data an operation changed; a page refreshes when it shows one of them."""

    NONE = 0
    CASES = enum.auto()  # a case opened, its facts or its phase
    CLIENTS = enum.auto()  # identity and facts of a client
    PATHWAY = enum.auto()  # reflection period, permit
    SUPPORT = enum.auto()  # shelter stays, exit programme
    REFERRALS = enum.auto()
    CONSENTS = enum.auto()
    NOTES = enum.auto()
    TASKS = enum.auto()  # tasks and deadlines (the pathway makes deadlines too)
    SIGNALS = enum.auto()
    SETTINGS = enum.auto()  # region, letterhead, partner organisations
    LOCATIONS = enum.auto()  # risk locations, their controls and links (issue 18)

    @classmethod
    def everything(cls) -> Changes:
        everything = cls.NONE
        for member in cls:
            everything |= member
        return everything


class Op(Generic[T]):
    """A write to run on the vault worker, and what it changes. Callable like the plain
    ``Callable[[Vault], T]`` jobs the form dialogs take, so a dialog can run either.

    A plain class, not a dataclass: this package loads with the unlock screen, and
    ``dataclasses`` (with ``inspect``) is a cost that screen does not need (issue 14)."""

    __slots__ = ("changes", "job")

    def __init__(self, job: Callable[[Vault], T], changes: Changes) -> None:
        self.job = job
        self.changes = changes

    def __call__(self, vault: Vault) -> T:
        return self.job(vault)


class ChangeBus(QObject):
    """One signal for every change the UI made. The value is a :class:`Changes` as an int: only
    plain values cross Qt signals here (see ui/worker.py on PySide6 and Python objects)."""

    changed = Signal(int)

    def announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes.value)


def perform(
    session: Session,
    op: Op[T] | Callable[[Vault], T],
    on_done: Callable[[T], None] = lambda _r: None,
    on_error: Callable[[CareCoordError], None] = lambda _e: None,
) -> None:
    """Run ``op`` on the vault worker; on success announce what it changed, then ``on_done``.

    Announcing first means the pages show the new state by the time the screen that asked
    moves on (e.g. closes its dialog). A refusal changes nothing, so nothing is announced.
    """
    changes = op.changes if isinstance(op, Op) else Changes.NONE

    def done(result: T) -> None:
        session.changes.announce(changes)
        on_done(result)

    session.run(op, done, on_error)


def follow(page: QWidget, session: Session, kinds: Changes, refresh: Callable[[], Any]) -> None:
    """Refresh ``page`` when a change of ``kinds`` is announced, if the page is visible.

    A hidden page is not refreshed: the workspace refreshes every page when it is shown
    (ui/workspace.py), and on the one serial vault worker a reload of nine hidden pages after
    each change would only delay the reload the user is looking at.
    """

    # The bus holds only weak references: following changes must not keep a page alive (its
    # refresh is usually one of its own methods).
    page_ref = weakref.ref(page)
    refresh_ref: Callable[[], Callable[[], Any] | None] = (
        weakref.WeakMethod(refresh) if isinstance(refresh, types.MethodType) else (lambda: refresh)
    )

    def changed(value: int) -> None:
        shown, again = page_ref(), refresh_ref()
        if shown is not None and again is not None and Changes(value) & kinds and shown.isVisible():
            again()

    # Connected to a function, not a slot of ``page``: disconnect when the page goes away, so a
    # deleted page's C++ object is never called.
    def forget(*_args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the session may have gone first (app exit)
            session.changes.changed.disconnect(changed)

    session.changes.changed.connect(changed)
    page.destroyed.connect(forget)


__all__ = ["ChangeBus", "Changes", "Op", "follow", "perform"]
