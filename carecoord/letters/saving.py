"""Writing a document where the user chose, and nowhere else."""

from __future__ import annotations

import os
from pathlib import Path

from carecoord.atomic import write_atomic
from carecoord.errors import CareCoordError
from carecoord.i18n import _
from carecoord.output_paths import folder_for_writing, output_file


def save_document(data: bytes, path: Path, vault_folder: Path) -> Path:
    """Write ``data`` to ``path`` atomically with owner-only permissions (0600 on POSIX).

    ``path`` must not lie in ``vault_folder`` (checked again here, right before writing, after
    the caller's early check); a missing folder is created owner-only. The temporary file lives
    beside the destination (same folder, same file system), so no copy of the document appears
    anywhere else, and a failure leaves no partial file behind.
    """
    target = output_file(Path(path), vault_folder, create=False)
    folder = target.parent
    try:
        with folder_for_writing(folder):
            write_atomic(target, data)
        if os.name == "posix":
            # An existing file keeps its mode through os.replace of a 0600 temp file, but make
            # sure: a letter must never be group- or world-readable.
            os.chmod(target, 0o600)
    except PermissionError as exc:
        raise CareCoordError(
            _("No permission to write in %(folder)s; nothing was written.") % {"folder": folder}
        ) from exc
    except OSError as exc:
        raise CareCoordError(
            _("The document could not be written (%(reason)s); nothing was written.")
            % {"reason": exc.strerror or type(exc).__name__}
        ) from exc
    return target
