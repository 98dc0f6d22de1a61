"""Where a user-chosen output may go: never into the vault, always into an owner-only folder.

Every command and save dialog that writes a file the user named (a backup, a letter, a subject
export, a statistics export) passes its destination through :func:`output_file` or
:func:`output_folder` first: before the vault is opened on the command line, before the work is
sent to the vault worker in the app. Both resolve symlinks and ``..`` first (``Path.resolve``),
so ``VAULT/../VAULT/vault.db``, a symlink to the vault folder, or a symlink inside the chosen folder
that points at ``vault.db`` are all seen as what they are. Writers call them again right before
writing, which narrows the window in which someone could swap a folder for a symlink.

Writes themselves go through :mod:`carecoord.atomic`: a new file beside the destination, then
``os.replace``. Replacing a directory entry never writes through a symlink or a hard link, so even
a link swapped in after the check cannot make the write change a vault file's contents.

Besides the resolved names, the folders of the destination that exist are compared with the vault
folder by identity (device and inode), so another spelling of the vault folder (a bind mount, or
``Vault`` for ``vault`` on a case-insensitive file system) is refused as well; only this name test
is exercised in the tests, which run on a case-sensitive file system.

DESIGN.md section 5: such a destination is a usage error (exit 2), nothing is written, and a
missing output folder is created owner-only (0700).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from carecoord.errors import CareCoordError, UsageError
from carecoord.i18n import _

FOLDER_MODE = 0o700


class OutputInsideVault(UsageError):
    """The destination is the vault folder, a file in it, or a folder inside it."""


def _resolved(path: Path) -> Path:
    # expanduser so "~/x" means what the user meant when it was not expanded by a shell.
    # resolve() folds each ".." after following the symlink before it, as the OS does
    # (os.path.abspath would fold "link/.." by name first and land somewhere else).
    return Path(path).expanduser().resolve()


def inside(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or lies anywhere below it.

    By name after resolving, and by identity (device and inode) for the part of ``path`` that
    exists: that also catches another spelling of the same folder (a bind mount, or the other
    case of a name on a case-insensitive file system).
    """
    target, root = _resolved(path), _resolved(folder)
    if target == root or root in target.parents:
        return True
    try:
        root_id = os.stat(root)
    except OSError:
        return False  # no vault folder, nothing in it to protect
    probe = target
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    for level in (probe, *probe.parents):
        try:
            if os.path.samestat(os.stat(level), root_id):
                return True
        except OSError:
            continue
    return False


def refuse_inside_vault(path: Path, vault_folder: Path) -> Path:
    """Return ``path`` resolved; refuse it when it is, or lies in, the vault folder."""
    if inside(path, vault_folder):
        # No path in the message: a folder name can be a client's name.
        raise OutputInsideVault(
            _(
                "This destination is inside the vault folder; the vault's own files are never "
                "an output. Choose a folder outside the vault; nothing was written."
            )
        )
    return _resolved(path)


def make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents owner-only (0700); existing ones stay as they are.

    ``Path.mkdir(parents=True)`` gives the parents the default mode, so each level is made here.
    Returns the levels it made, deepest first (for :func:`folder_for_writing` to take back).
    """
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise UsageError(
            _("%(path)s is a file, not a folder; choose a folder to save in.") % {"path": probe}
        )
    try:
        for level in reversed(missing):
            os.mkdir(level, FOLDER_MODE)
            if os.name == "posix":
                os.chmod(level, FOLDER_MODE)  # the umask could have taken bits away, never added
    except FileExistsError:
        if not folder.is_dir():
            raise UsageError(
                _("%(path)s is a file, not a folder; choose a folder to save in.")
                % {"path": folder}
            ) from None
    except OSError as exc:
        raise CareCoordError(
            _("The folder %(folder)s cannot be created (%(reason)s); nothing was written.")
            % {"folder": folder, "reason": exc.strerror or type(exc).__name__}
        ) from exc
    return list(missing)


@contextlib.contextmanager
def folder_for_writing(folder: Path) -> Iterator[None]:
    """Make ``folder`` (0700) for the writes in the block; take back what was made if they fail.

    "Nothing was written" must hold for the folders as well: a write that fails (a full disk)
    leaves no empty folder behind. Only folders this call made, and only when empty.
    """
    made = make_folder(folder)
    try:
        yield
    except BaseException:
        for level in made:  # deepest first
            with contextlib.suppress(OSError):
                level.rmdir()
        raise


def output_file(path: Path, vault_folder: Path, *, create: bool = True) -> Path:
    """Check an output FILE and create its folder (0700); returns the resolved path to write."""
    target = refuse_inside_vault(path, vault_folder)
    if target.is_dir():
        raise UsageError(
            _("%(target)s is a folder; give a file name to save the document as.")
            % {"target": target}
        )
    if create:
        make_folder(target.parent)
    return target


def output_folder(path: Path, vault_folder: Path, *, create: bool = True) -> Path:
    """Check an output DIR and create it (0700) when it is missing; returns it resolved."""
    target = refuse_inside_vault(path, vault_folder)
    if target.exists() and not target.is_dir():
        raise UsageError(
            _("%(path)s is a file, not a folder; choose a folder to save in.") % {"path": target}
        )
    if create:
        make_folder(target)
    return target
