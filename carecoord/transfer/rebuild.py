"""A received payload as a new case for the bulk writer (:mod:`carecoord.store.bulk`).

The package's records point at each other by the sender's ids; the bulk writer takes a case's
parts in lists and links them by their place in those lists, so each id is turned into its
place here, and each organisation into this vault's own (found by name, or added to the
directory). Deadlines are derived anew by the writer from the records, as for any case.
"""

from __future__ import annotations

from datetime import date

from carecoord.store.bulk import NewCase, NewReferral, NewRegistration
from carecoord.store.bulk_case_work import NewCaseWork, NewGoal
from carecoord.store.rows import Received
from carecoord.transfer.payload import TransferPayload


def _index(ids: list[int | None], wanted: int | None) -> int | None:
    if wanted is None or wanted not in ids:
        return None
    return ids.index(wanted)


def new_case(
    payload: TransferPayload,
    *,
    organisation_ids: dict[int, int],
    client_reference: str,
    region: str,
    received_on: date,
) -> NewCase:
    """``organisation_ids``: the package's organisation key → this vault's organisation id."""
    case = payload.case

    def org(key: int) -> int:
        return organisation_ids[key]

    def maybe_org(key: int | None) -> int | None:
        return None if key is None else organisation_ids[key]

    consents = [
        c.model_copy(
            update={
                "recipient_id": org(c.recipient_id),
                "further_recipient_ids": tuple(org(k) for k in c.further_recipient_ids),
            }
        )
        for c in case.consents
    ]
    consent_ids = [c.id for c in case.consents]
    referrals = [
        NewReferral(
            referral=r.model_copy(update={"organisation_id": org(r.organisation_id), "events": ()}),
            consent_index=_index(consent_ids, r.consent_id),
            events=[(e.status, e.changed_on) for e in r.events[1:]],
            changed_by=[e.changed_by for e in r.events],
        )
        for r in case.referrals
    ]
    referral_ids = [r.id for r in case.referrals]
    manual = [t for t in case.tasks if t.kind == "manual"]
    task_ids = [t.id for t in manual]
    work = NewCaseWork(
        goals=[
            NewGoal(
                goal=g,
                referral_index=_index(referral_ids, g.referral_id),
                task_index=_index(task_ids, g.task_id),
                # The programme's plan (issue 16): linked again to the received programme.
                exit_programme=g.exit_programme_id is not None,
            )
            for g in case.goals
        ],
        contacts=[
            c.model_copy(update={"organisation_id": maybe_org(c.organisation_id)})
            for c in case.contacts
        ],
        meetings=[
            m.model_copy(
                update={
                    "participants": tuple(
                        p.model_copy(update={"organisation_id": org(p.organisation_id)})
                        for p in m.participants
                    ),
                    "actions": tuple(
                        a.model_copy(
                            update={"owner_organisation_id": maybe_org(a.owner_organisation_id)}
                        )
                        for a in m.actions
                    ),
                }
            )
            for m in case.meetings
        ],
        safety=list(case.safety),
    )
    facts = case.client.facts
    return NewCase(
        client=facts.model_copy(update={"reference": client_reference}),
        identity=case.client.identity,
        facts=case.facts,
        signals=list(case.signals),
        phase_history=list(case.phase_history),
        reflection=case.reflection,
        permits=list(case.permits),
        shelter_stays=[
            s.model_copy(update={"provider_id": maybe_org(s.provider_id)})
            for s in case.shelter_stays
        ],
        exit_programme=case.exit_programme,
        consents=consents,
        referrals=referrals,
        notes=list(case.notes),
        tasks=manual,
        comensha=[
            NewRegistration(registration=r, consent_index=_index(consent_ids, r.consent_id))
            for r in case.comensha
        ],
        identification=case.identification,
        circumstances=case.client.circumstances,
        work=work,
        received=Received(
            region=region, on=received_on, sender_reference=payload.handover.reference
        ),
    )
