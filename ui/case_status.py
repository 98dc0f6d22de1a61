"""The case header's second row: where the client stays, what they consented to, and the next
deadline — the three things a coordinator checks before a call or a letter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from carecoord.domain.casefile import CaseFile
from carecoord.i18n import _, ngettext
from ui.track_texts import first_upper
from ui.widgets import code_label, format_date


def shelter_text(case: CaseFile, names: Mapping[int, str]) -> str:
    """The open stay (type, provider, since), else when the last one ended, else none."""
    stays = sorted(case.shelter_stays, key=lambda s: (s.started_on, s.id or 0))
    current = [s for s in stays if s.ended_on is None]
    if current:
        stay = current[-1]
        kind = first_upper(code_label("shelter_type", stay.shelter_type))
        provider = names.get(stay.provider_id) if stay.provider_id is not None else None
        if provider:
            return _("%(type)s at %(provider)s since %(date)s") % {
                "type": kind,
                "provider": provider,
                "date": format_date(stay.started_on),
            }
        return _("%(type)s since %(date)s") % {"type": kind, "date": format_date(stay.started_on)}
    if stays and stays[-1].ended_on is not None:
        return _("Not in shelter; the last stay ended on %(date)s") % {
            "date": format_date(stays[-1].ended_on)
        }
    return _("Not in shelter")


def consent_text(case: CaseFile, names: Mapping[int, str], today: date) -> str:
    """Which organisations hold a valid consent now; otherwise whether one was withdrawn or
    expired (the reason a referral is refused)."""
    valid = [
        c
        for c in case.consents
        if c.withdrawn_on is None and (c.valid_until is None or c.valid_until >= today)
    ]
    if valid:
        recipients = dict.fromkeys(names.get(r, "?") for c in valid for r in c.recipient_ids)
        return ngettext(
            "%(n)d valid consent: %(orgs)s", "%(n)d valid consents: %(orgs)s", len(valid)
        ) % {"n": len(valid), "orgs": ", ".join(recipients)}
    if any(c.withdrawn_on is not None for c in case.consents):
        return _("No valid consent (withdrawn)")
    if case.consents:
        return _("No valid consent (expired)")
    return _("No consent recorded")


def deadline_text(case: CaseFile, today: date) -> str:
    """The earliest open deadline: its date, what it is and how near."""
    open_tasks = sorted((t for t in case.tasks if t.done_on is None), key=lambda t: t.due_on)
    if not open_tasks:
        return _("No open deadline")
    task = open_tasks[0]
    what = (
        task.title if task.kind == "manual" and task.title else code_label("task_kind", task.kind)
    )
    days = (task.due_on - today).days
    if days < 0:
        when = ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}
    elif days == 0:
        when = _("due today")
    else:
        when = ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}
    return _("%(date)s: %(what)s (%(when)s)") % {
        "date": format_date(task.due_on),
        "what": what,
        "when": when,
    }
