"""Case meetings (issue 16): casusoverleg, the Zorg- en Veiligheidshuis, the MDT.

Sharing the client's data in a meeting is a purpose in the consent registry: each participating
organisation needs a consent for ``case_consultation`` that names it and is valid on the
meeting's date; where one is missing the meeting records the legal ground in writing instead
(:func:`carecoord.domain.case_work.meeting_gate`, as the consent gate does for referrals). Each
participant row names the consent that covered it, or none (the ground). A meeting of kind
``mdt`` is the meeting of the case's identification route (issue 15): recording it sets the
route's meeting date, or checks it once the advice is given
(:func:`carecoord.domain.case_work.route_after_mdt_meeting`).

Actions become deadlines (task kind ``meeting_action``) until done; their owner is a user of
this vault or a partner organisation.

One manager of :class:`~carecoord.store.case_store.CaseStore` (``store.meetings``); every public
method reports one audit event (kind codes and whether a legal ground was needed; never the
decisions, the ground or an action's words), every write runs in one transaction.
"""

from __future__ import annotations

from datetime import date

from carecoord.domain.case_work import (
    CaseMeeting,
    MeetingAction,
    MeetingGate,
    check_action,
    check_meeting,
    meeting_gate,
    route_after_mdt_meeting,
)
from carecoord.errors import InputRejected
from carecoord.i18n import _
from carecoord.store.audit import AuditEvent
from carecoord.store.manager import Manager
from carecoord.store.rows import (
    action_row,
    identification_row,
    insert_sql,
    meeting_row,
    participant_row,
)
from carecoord.store.sqlvalues import d2s, dt2s


class MeetingManager(Manager):
    def record(self, case_id: int, meeting: CaseMeeting) -> int:
        """Record a meeting that was held, with its participants, decisions and actions.

        Refused (:class:`~carecoord.domain.consent.ConsentMissing`) when a participant has no
        covering consent and no legal ground of at least 20 characters is given."""
        check_meeting(meeting, self.today())  # as the bulk writer does (store/bulk_rules.py)
        with self.db.transaction():
            client_id = self._case_client(case_id)
            self._not_anonymised(case_id)
            for organisation_id in meeting.organisation_ids:
                self.organisations.get(organisation_id)
            for action in meeting.actions:
                self._owner_organisation(action)
            gate = meeting_gate(
                self.read.consents(client_id),
                organisation_ids=meeting.organisation_ids,
                on=meeting.held_on,
                legal_ground=meeting.legal_ground,
            )
            meeting_id = self._write(case_id, meeting, gate)
            detail = f"case meeting ({meeting.kind})"
            if gate.legal_ground is not None:
                detail += " with legal ground"
            if meeting.kind == "mdt":
                self._mdt_route(case_id, meeting.held_on)
                detail += "; identification route mdt"
            self._refresh(case_id)
            self._log(AuditEvent("create", detail, case_id=case_id, client_id=client_id))
            return meeting_id

    def add_action(self, meeting_id: int, action: MeetingAction) -> int:
        """An action agreed later, or forgotten when the meeting was recorded."""
        with self.db.transaction():
            case_id = self._owner("case_meetings", meeting_id)
            held_on = date.fromisoformat(
                self.db.scalar("SELECT held_on FROM case_meetings WHERE id = ?", (meeting_id,))
            )
            check_action(action, held_on, self.today())
            self._owner_organisation(action)
            self._not_anonymised(case_id)
            cursor = self.db.execute(
                insert_sql("meeting_actions"),
                action_row(meeting_id, action.model_copy(update={"id": None})),
            )
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "create",
                    "meeting action",
                    case_id=case_id,
                    client_id=self._case_client(case_id),
                )
            )
            return int(cursor.lastrowid)

    def complete_action(self, action_id: int, done_on: date | None = None) -> None:
        """The action is done: its deadline goes."""
        on = done_on or self.today()
        with self.db.transaction():
            rows = self.db.all(
                "SELECT m.case_id, m.held_on, a.done_on FROM meeting_actions a"
                " JOIN case_meetings m ON m.id = a.meeting_id WHERE a.id = ?",
                (action_id,),
            )
            if not rows:
                raise InputRejected(
                    _("There is no such record (id %(row_id)s).") % {"row_id": action_id}
                )
            case_id, held_on, done = rows[0]
            if done is not None:
                raise InputRejected(_("This action is already done."))
            if on > self.today() or on < date.fromisoformat(held_on):
                raise InputRejected(
                    _("An action is done between its meeting and today, not before or after.")
                )
            self.db.execute(
                "UPDATE meeting_actions SET done_on = ? WHERE id = ?", (d2s(on), action_id)
            )
            self._refresh(case_id)
            self._log(
                AuditEvent(
                    "update",
                    "meeting action done",
                    case_id=case_id,
                    client_id=self._case_client(case_id),
                )
            )

    def open_actions(self, user: str | None = None) -> list[tuple[int, MeetingAction]]:
        """(case id, action) of the open actions owned by ``user`` (default: the signed-in
        user), by due date: the dashboard's "my open actions"."""
        found = self.read.open_actions_of_user(user or self.user)
        self._log(
            AuditEvent(
                "list",
                f"meeting actions ({len(found)})",
                case_ids=tuple(sorted({case_id for case_id, _ in found})),
            )
        )
        return found

    # -- helpers ------------------------------------------------------------------------------
    def _write(self, case_id: int, meeting: CaseMeeting, gate: MeetingGate) -> int:
        made = meeting.model_copy(
            update={
                "id": None,
                "legal_ground": gate.legal_ground,
                "recorded_by": None,
                "recorded_at": None,
            }
        )
        cursor = self.db.execute(
            insert_sql("case_meetings"), meeting_row(case_id, made, self.user, dt2s(self._clock()))
        )
        meeting_id = int(cursor.lastrowid)
        self.db.executemany(
            insert_sql("meeting_participants"),
            [
                participant_row(
                    meeting_id,
                    p.model_copy(update={"consent_id": gate.consents[p.organisation_id]}),
                )
                for p in made.participants
            ],
        )
        self.db.executemany(
            insert_sql("meeting_actions"),
            [action_row(meeting_id, a.model_copy(update={"id": None})) for a in made.actions],
        )
        return meeting_id

    def _mdt_route(self, case_id: int, held_on: date) -> None:
        route = route_after_mdt_meeting(self.read.identification(case_id), held_on)
        self.db.execute(
            insert_sql("identification_routes", upsert_on=("case_id",)),
            identification_row(
                case_id,
                route.model_copy(update={"recorded_by": None, "recorded_at": None}),
                self.user,
                dt2s(self._clock()),
            ),
        )

    def _owner_organisation(self, action: MeetingAction) -> None:
        if action.owner_organisation_id is not None:
            self.organisations.get(action.owner_organisation_id)
