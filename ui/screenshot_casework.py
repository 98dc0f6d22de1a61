"""The screenshots of issue 16's case work (``python -m ui.screenshots``): the shown case gets a
plan, contacts, two case meetings (one under a legal ground), safety assessments, a note and a
secret shelter address, unless the demo gave it case work already; then each part of the
"Case work" tab and its dialogs. Fills the throw-away demo vault only (fictitious data).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

# The user the screenshot vault is made with: the dashboard shows this user's open actions.
SCREENSHOT_USER = "coordinator"


def show_case_work(store: object, case_id: int) -> None:
    """A secret shelter address, and each part of case work the demo left empty for this case
    (the demo fills some cases, not every part of each), and a note of today."""
    from carecoord.store.case_store import CaseStore

    assert isinstance(store, CaseStore)
    case = store.read.case_file(case_id)
    orgs = {o.name: o.id for o in store.organisations.all() if o.id is not None}

    def org(prefix: str) -> int:
        return next(i for name, i in orgs.items() if name.startswith(prefix))

    if case.client.identity is not None and not case.client.identity.address_is_secret:
        store.clients.update_identity(
            case.summary.client_id,
            case.client.identity.model_copy(
                update={
                    "address": "Schuilplaats 1\n0101 AA Voorbeeldstad",
                    "address_is_secret": True,
                }
            ),
        )
    lawyer, police, gp = org("Advocatenkantoor"), org("Politie"), org("Huisartsenpraktijk")
    shelter, debts = org("Categorale Opvang"), org("Schuldhulpverlening")
    if not case.goals:
        _goals(store, case)
    if not case.contacts:
        _contacts(store, case_id, lawyer, police, gp, shelter)
    if not case.meetings:
        _meetings(store, case, (shelter, lawyer, police, debts))
    if not case.safety:
        _safety(store, case_id)
    store.tasks.add_note(
        case_id,
        "Cliënte belde: ze is via Facebook benaderd door een onbekende. Besproken met politie.",
    )


def _goals(store: Any, case: Any) -> None:
    from carecoord.domain.case_work import CaseGoal

    today = date.today()
    housing = next((r.id for r in case.referrals if r.referral_type == "housing"), None)
    for goal in (
        CaseGoal(
            domain="housing",
            goal="Eigen kamer via de woningcorporatie",
            status="in_progress",
            target_on=today + timedelta(days=45),
            referral_id=housing,
        ),
        CaseGoal(domain="income_debts", goal="Schulden in beeld, aanmelding schuldhulp"),
        CaseGoal(
            domain="safety",
            goal="Nieuw telefoonnummer, oude contacten geblokkeerd",
            target_on=today + timedelta(days=10),
        ),
        CaseGoal(domain="legal", goal="Gesprek met advocaat over aangifte", status="in_progress"),
        CaseGoal(domain="health", goal="Intake bij de huisarts", target_on=today + timedelta(30)),
    ):
        store.plan.add_goal(case.id, goal)


def _contacts(store: Any, case_id: int, lawyer: int, police: int, gp: int, shelter: int) -> None:
    from carecoord.domain.case_work import CaseContact, ContactPerson

    for contact in (
        CaseContact(
            role="lawyer",
            organisation_id=lawyer,
            person=ContactPerson(name="mr. J. de Boer", phone="010 000 0001"),
        ),
        CaseContact(
            role="police_contact",
            organisation_id=police,
            person=ContactPerson(name="S. Yilmaz", email="s.yilmaz@voorbeeld.nl"),
        ),
        CaseContact(
            role="interpreter", person=ContactPerson(name="T. Popescu", phone="06 0000 0002")
        ),
        CaseContact(role="gp", organisation_id=gp),
        CaseContact(role="shelter_contact", organisation_id=shelter),
    ):
        store.contacts.add(case_id, contact)


def _meetings(store: Any, case: Any, orgs: tuple[int, int, int, int]) -> None:
    """A case consultation under a consent, then a Zorg- en Veiligheidshuis meeting with an
    organisation outside the consent (a legal ground), and actions for the user."""
    from carecoord.domain.case_work import CaseMeeting, MeetingAction, MeetingParticipant
    from carecoord.domain.consent import Consent

    shelter, lawyer, police, debts = orgs
    today = date.today()
    store.consents.record(
        Consent(
            client_id=case.summary.client_id,
            recipient_id=shelter,
            further_recipient_ids=(lawyer,),
            purposes=("case_consultation",),
            data_categories=("identity", "exploitation"),
            given_on=today - timedelta(days=30),
        )
    )
    first = store.meetings.record(
        case.id,
        CaseMeeting(
            held_on=today - timedelta(days=21),
            kind="casusoverleg",
            participants=(
                MeetingParticipant(organisation_id=shelter),
                MeetingParticipant(organisation_id=lawyer),
            ),
            decisions="Cliënte blijft in de opvang; advocaat bespreekt de aangifte met haar.",
        ),
    )
    store.meetings.add_action(
        first,
        MeetingAction(
            description="Afspraak met de advocaat plannen",
            owner_organisation_id=lawyer,
            due_on=today - timedelta(days=14),
            done_on=today - timedelta(days=15),
        ),
    )
    second = store.meetings.record(
        case.id,
        CaseMeeting(
            held_on=today - timedelta(days=4),
            kind="zorg_en_veiligheidshuis",
            participants=(
                MeetingParticipant(organisation_id=shelter),
                MeetingParticipant(organisation_id=police),
                MeetingParticipant(organisation_id=debts),
            ),
            decisions="Veiligheidsplan aangescherpt; schuldhulp start na de intake.",
            legal_ground="Acute dreiging door de uitbuiter: gegevens gedeeld met politie en "
            "schuldhulp op grond van het convenant Zorg- en Veiligheidshuis.",
        ),
    )
    for description, owner, days in (
        ("Aanmelding schuldhulp versturen", None, 3),
        ("Terugkoppeling aan de opvang na het politiegesprek", None, 10),
        ("Dreigingsinschatting delen", police, 7),
    ):
        store.meetings.add_action(
            second,
            MeetingAction(
                description=description,
                owner_user=None if owner else SCREENSHOT_USER,
                owner_organisation_id=owner,
                due_on=today + timedelta(days=days),
            ),
        )


def _safety(store: Any, case_id: int) -> None:
    from carecoord.domain.case_work import SafetyAssessment

    today = date.today()
    store.safety.assess(
        case_id,
        SafetyAssessment(
            assessed_on=today - timedelta(days=60),
            risk_level="medium",
            threats=("family_pressure", "debts"),
            measures="Geen contact met familie zonder begeleiding.",
            review_on=today - timedelta(days=5),
        ),
    )
    store.safety.assess(
        case_id,
        SafetyAssessment(
            assessed_on=today - timedelta(days=4),
            risk_level="high",
            threats=("contact_with_exploiter", "family_pressure", "online_exposure"),
            measures="Nieuw telefoonnummer; begeleiding naar afspraken; geen sociale media.",
            review_on=today + timedelta(days=9),
        ),
    )


def case_work_shots(
    view: object,
    shot: Callable[[str], None],
    dialog_shot: Callable[..., None],
    wait: Callable[..., None],
    open_form: Callable[[], object],
) -> None:
    """Each part of the "Case work" tab, its dialogs (the meeting form with the consent gate),
    the letter's "t.a.v." and the overview with the secret address marked."""
    from ui.case_view import CaseView
    from ui.dialogs.meeting import MeetingDialog

    assert isinstance(view, CaseView)
    parts = view.casework.parts
    view.tabs.setCurrentWidget(view.casework)
    for index in range(parts.count()):
        parts.setCurrentIndex(index)
        name = parts.tabText(index).lower().replace(" ", "-")
        shot(f"20-case-01-casework-{index:02d}-{name}")
    view.show_section(view.casework.plan)
    dialog_shot("50-goal", view.casework.plan.add_goal())
    view.show_section(view.casework.contacts)
    view.casework.contacts.add_contact()
    wait(lambda: open_form() is not None)
    dialog_shot("51-contact", open_form())
    view.show_section(view.casework.meetings)
    view.casework.meetings.record_meeting()
    wait(lambda: isinstance(open_form(), MeetingDialog))
    meeting = open_form()
    assert isinstance(meeting, MeetingDialog)
    meeting.kind.set_code("casusoverleg")
    for i in range(meeting.participants.count()):
        item = meeting.participants.item(i)
        if item.text().startswith(("Categorale Opvang", "Politie")):
            item.setCheckState(item.checkState().Checked)
    meeting.decisions.setPlainText("Politie neemt contact op over de aangifte.")
    dialog_shot("52-case-meeting-consent-gate", meeting)
    view.show_section(view.casework.safety)
    dialog_shot("53-safety-assessment", view.casework.safety.assess())
    view.tabs.setCurrentWidget(view.referrals)
    view.referrals.list.setCurrentRow(0)
    letter = view.referrals.letter()
    if letter is not None:
        letter.attention.setCurrentIndex(letter.attention.count() - 1)
        dialog_shot("54-letter-attention", letter)
    view.tabs.setCurrentIndex(0)
    shot("20-case-00-overview-secret-address")
