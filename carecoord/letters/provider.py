"""Where the CLI and the app get a letter's input: the case store, mapped onto the letter model.

The case store is built in parallel (issue 3); until the lead wires it here, asking for a letter
from the vault says so clearly instead of printing something half-filled.
"""

from __future__ import annotations

import os
from pathlib import Path

from carecoord.errors import CareCoordError
from carecoord.letters.model import Language, LetterRequest
from carecoord.vault import Vault

# Administrator setting: a folder with edited letter templates (see resources/letters/*.toml).
ENV_TEMPLATES = "CARECOORD_LETTER_TEMPLATES"


def letter_request_for(vault: Vault, referral_id: str, lang: Language | None) -> LetterRequest:
    """The complete letter input for one referral: letterhead settings, referral, client
    details with the coordinator's ticks, consent or override. ``lang`` None means the
    referral's own language (else Dutch). Runs on the vault worker.
    """
    del vault, lang
    raise CareCoordError(
        f"Referral {referral_id}: letters cannot be made from the vault yet, because the "
        "case store is not connected to the letters in this version."
    )


def templates_dir_for(vault: Vault | None) -> Path | None:
    """The administrator's override folder for letter templates, if one is configured."""
    del vault  # a vault-level setting will take precedence once settings exist
    configured = os.environ.get(ENV_TEMPLATES)
    return Path(configured) if configured else None
