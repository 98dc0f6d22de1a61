"""Writing a document where the user chose, and nowhere else."""

from __future__ import annotations

import os
from pathlib import Path

from carecoord.atomic import write_atomic
from carecoord.errors import CareCoordError, UsageError


def save_document(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` atomically with owner-only permissions (0600 on POSIX).

    The temporary file lives beside the destination (same folder, same file system), so no
    copy of the document appears anywhere else, and a failure leaves no partial file behind.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"The folder to save in does not exist: {folder}")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name to save the document as.")
    try:
        write_atomic(target, data)
        if os.name == "posix":
            # An existing file keeps its mode through os.replace of a 0600 temp file, but make
            # sure: a letter must never be group- or world-readable.
            os.chmod(target, 0o600)
    except PermissionError as exc:
        raise CareCoordError(f"No permission to write in {folder}; nothing was written.") from exc
    except OSError as exc:
        raise CareCoordError(
            f"The document could not be written ({exc.strerror or type(exc).__name__}); "
            "nothing was written."
        ) from exc
    return target
