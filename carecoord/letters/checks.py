"""Refuse a document before anything is rendered: consent, letterhead, recipient.

Messages name what is missing or wrong, never the values (a recipient's name or a consent's
scope is case data and must not end up in a log or on a terminal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel

from carecoord.errors import InputRejected
from carecoord.i18n import N_, _
from carecoord.letters.fonts import unprintable
from carecoord.letters.model import Consent, ConsentOverride, Letterhead, Recipient

# The Settings tabs where a coordinator fills in what a letter needs. The desktop app's Settings
# page titles its tabs with these same msgids (ui/workspace.py), so a refusal names the tab as
# the coordinator sees it.
SETTINGS = N_("Settings")
LETTERHEAD_TAB = N_("Region and letterhead")
PARTNERS_TAB = N_("Partner organisations")


def settings_place(tab: str) -> str:
    """'Settings > Region and letterhead', in the user's language."""
    return _("%(settings)s > %(tab)s") % {"settings": _(SETTINGS), "tab": _(tab)}


@dataclass(frozen=True)
class SharingGround:
    """Why data may be shared: a valid consent, or a recorded override."""

    consent: Consent | None
    override: ConsentOverride | None


def _same_party(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def consent_problems(
    consent: Consent, recipient: str, purpose: str | None, on: dt.date
) -> list[str]:
    """Why ``consent`` does not cover sharing with ``recipient`` for ``purpose`` on ``on``.

    ``purpose`` None (a handover between regions, not a referral) checks the recipient only.
    """
    problems = []
    if consent.given_on > on:
        problems.append(_("the consent was given after the letter's date"))
    if consent.valid_until is not None and consent.valid_until < on:
        problems.append(_("the consent has expired"))
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        problems.append(_("the consent was withdrawn"))
    if not _same_party(consent.recipient, recipient):
        problems.append(_("the consent does not cover this recipient"))
    if purpose is not None and purpose not in consent.purposes:
        problems.append(_("the consent does not cover this type of referral"))
    if not consent.scope.strip():
        problems.append(_("the consent has no recorded scope"))
    return problems


def require_sharing_ground(
    consent: Consent | None,
    override: ConsentOverride | None,
    *,
    recipient: str,
    purpose: str | None,
    on: dt.date,
) -> SharingGround:
    """A valid consent wins; otherwise a recorded override with a reason; otherwise refuse."""
    problems: list[str] = []
    if consent is not None:
        problems = consent_problems(consent, recipient, purpose, on)
        if not problems:
            return SharingGround(consent=consent, override=None)
    if override is not None:
        missing = [
            label
            for label, value in (
                (_("a reason"), override.reason),
                (_("who recorded it"), override.recorded_by),
            )
            if not value.strip()
        ]
        if not missing:
            return SharingGround(consent=None, override=override)
        problems.append(_("the override lacks %(missing)s") % {"missing": _(" and ").join(missing)})
    if consent is None and override is None:
        problems.append(_("no consent and no recorded override"))
    raise InputRejected(
        _(
            "The letter was refused: there is no valid consent for sharing these details "
            "(%(problems)s). Record the client's consent, or an override with its "
            "reason. Nothing was written."
        )
        % {"problems": "; ".join(problems)},
        problems=problems,
    )


def require_letterhead(letterhead: Letterhead | None) -> Letterhead:
    if letterhead is None:
        raise InputRejected(
            _(
                "The letterhead settings are missing (organisation, address, coordinator). "
                "Fill them in under %(place)s. Nothing was written."
            )
            % {"place": settings_place(LETTERHEAD_TAB)},
            problems=[_("letterhead settings missing")],
        )
    missing = [
        label
        for label, present in (
            (_("organisation name"), letterhead.organisation.strip()),
            (_("organisation address"), any(line.strip() for line in letterhead.address_lines)),
            (_("coordinator name"), letterhead.coordinator_name.strip()),
            (_("coordinator role"), letterhead.coordinator_role.strip()),
            (_("phone number or e-mail address"), (letterhead.phone + letterhead.email).strip()),
        )
        if not present
    ]
    if missing:
        raise InputRejected(
            _(
                "The letterhead settings are incomplete: %(missing)s missing. "
                "Fill them in under %(place)s. Nothing was written."
            )
            % {"missing": ", ".join(missing), "place": settings_place(LETTERHEAD_TAB)},
            problems=[_("letterhead: %(item)s missing") % {"item": item} for item in missing],
        )
    return letterhead


def require_recipient(recipient: Recipient, what: str | None = None) -> Recipient:
    """``what`` names the document in the refusal (already translated); the referral by default.
    The recipient's name and address come from the partner directory (Settings)."""
    missing = [
        label
        for label, present in (
            (_("the receiving organisation's name"), recipient.organisation.strip()),
            (
                _("the receiving organisation's address"),
                any(x.strip() for x in recipient.address_lines),
            ),
        )
        if not present
    ]
    if missing:
        raise InputRejected(
            _(
                "%(what)s lacks %(missing)s. Add it to the organisation under %(place)s."
                " Nothing was written."
            )
            % {
                "what": what or _("The referral"),
                "missing": _(" and ").join(missing),
                "place": settings_place(PARTNERS_TAB),
            },
            problems=[_("recipient: %(item)s missing") % {"item": item} for item in missing],
        )
    return recipient


# Field paths as a coordinator would name them (translated when shown); anything else is shown
# as its path.
_FIELD_NAMES = {
    "referral.reason": N_("the reason for the referral"),
    "referral.recipient.organisation": N_("the recipient's name"),
    "referral.recipient.attention": N_("the recipient's contact person"),
    "referral.recipient.address_lines": N_("the recipient's address"),
    "recipient.organisation": N_("the recipient's name"),
    "recipient.address_lines": N_("the recipient's address"),
    "consent.scope": N_("the consent's scope"),
    "override.reason": N_("the override's reason"),
    "notes": N_("the notes"),
}


def _texts(value: object, path: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, tuple | list):
        return [pair for item in value for pair in _texts(item, path)]
    if isinstance(value, BaseModel):
        return [
            pair
            for name in type(value).model_fields
            for pair in _texts(getattr(value, name), f"{path}.{name}" if path else name)
        ]
    return []


def require_printable(document: BaseModel, printed: Mapping[str, str] | None = None) -> None:
    """Refuse text the shipped fonts cannot print (e.g. Chinese or Arabic script, emoji).

    ``document`` is checked whole; pass the client details as ``printed`` instead (label ->
    text of what will actually be printed) so an unticked field never blocks a letter. The
    message names the fields, not the characters: they may be part of a client's name.
    """
    fields = sorted({path for path, value in _texts(document, "") if unprintable(value)})
    names = [_(_FIELD_NAMES[path]) if path in _FIELD_NAMES else path for path in fields]
    names += [label for label, value in (printed or {}).items() if unprintable(value)]
    if names:
        raise InputRejected(
            _(
                "Some text cannot be printed with the letter font (for example Chinese or Arabic "
                "script, or emoji): %(fields)s. Use a Latin transcription. Nothing was written."
            )
            % {"fields": ", ".join(names)},
            problems=[
                _("%(field)s: characters the font cannot print") % {"field": name} for name in names
            ],
        )
