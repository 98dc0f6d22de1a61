"""Which case a command means, and this vault's own region name."""

from __future__ import annotations

from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.letters.provider import load_letterhead
from carecoord.store.case_store import CaseStore


def case_for_reference(store: CaseStore, reference: str) -> int:
    """A case reference, or a client reference when that client has exactly one open case."""
    case_id = store.cases.id_for_reference(reference)
    if case_id is not None:
        return case_id
    client_id = store.clients.id_for_reference(reference)
    if client_id is not None:
        open_cases = [
            int(row[0])
            for row in store.db.all(
                "SELECT id FROM cases WHERE client_id = ? AND phase <> 'closed'", (client_id,)
            )
        ]
        if len(open_cases) == 1:
            return open_cases[0]
        raise InputRejected(
            _("This client has %(count)d open cases; give the case reference instead.")
            % {"count": len(open_cases)}
        )
    raise InputRejected(_("There is no case or client with this reference."))


def own_region_name(store: CaseStore) -> str:
    """The name this vault signs its packages with: the letterhead's organisation and
    department (the receiving coordinator sees it beside the fingerprint)."""
    letterhead = load_letterhead(store)
    parts = [] if letterhead is None else [letterhead.organisation, letterhead.department]
    name = ", ".join(p.strip() for p in parts if p and p.strip())
    if not name:
        raise InputRejected(
            _(
                "Fill in the letterhead's organisation first (Settings, or carecoord settings "
                "letterhead --organisation): a package carries it as the sending region's name."
            )
        )
    return name
