"""Issue 17: a status is shown as text plus a shape, never by colour alone. The case header's
cards, the dashboard's day list, the referrals and the plan put a shape beside the status word;
overdue, withdrawn and refused differ in shape from valid and due, and the text stays.

Real Qt (offscreen) and, for the dashboard, a real vault."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from carecoord.domain.case import CaseSummary
from carecoord.domain.case_work import CaseGoal
from carecoord.domain.casefile import CaseFile
from carecoord.domain.consent import Consent
from carecoord.domain.deadlines import Task
from carecoord.domain.referral import Referral
from tests.ui.test_coordinator_day import _idle
from tests.ui.test_unlock_flow import _create
from ui import status_marks
from ui.case_header import CaseHeader
from ui.case_tabs.plan import PlanSection
from ui.case_tabs.referrals import ReferralsSection
from ui.main_window import MainWindow
from ui.status_marks import DUE, KINDS, OK, OVERDUE, STOPPED, status_pixmap

TODAY = date.today()


def _image(kind: str) -> QImage:
    return _argb(status_pixmap(kind).toImage())


def _argb(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _grey(image: QImage) -> QImage:
    """Without hue: the shapes must differ in lightness alone (WCAG 1.4.1)."""
    return image.convertToFormat(QImage.Format.Format_Grayscale8)


def test_every_kind_has_a_shape_of_its_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    images = {kind: _image(kind) for kind in KINDS}
    for kind, image in images.items():
        assert not image.isNull() and image.width() == status_marks.SIZE, kind
    for a in KINDS:
        for b in KINDS:
            if a < b:
                assert _grey(images[a]) != _grey(images[b]), (a, b)


def _case(*, consents: tuple[Consent, ...], tasks: tuple[Task, ...], **more: object) -> CaseFile:
    summary = CaseSummary(
        id=1,
        reference="Z-1",
        client_id=1,
        client_reference="CL-1",
        display_name="X",
        phase="shelter",
        phase_since=TODAY - timedelta(days=20),
        opened_on=TODAY - timedelta(days=30),
        closed_on=None,
        closure_reason=None,
        municipality=None,
        exploitation_forms=(),
        next_deadline=None,
    )
    return CaseFile.model_construct(
        summary=summary,
        reflection=None,
        permits=(),
        comensha=(),
        identification=None,
        shelter_stays=(),
        consents=consents,
        tasks=tasks,
        referrals=more.get("referrals", ()),
        goals=more.get("goals", ()),
    )


def _consent(**more: object) -> Consent:
    return Consent(
        client_id=1,
        recipient_id=7,
        purposes=("shelter",),
        data_categories=("identity",),
        given_on=TODAY - timedelta(days=30),
        **more,  # type: ignore[arg-type]
    )


def _task(due_on: date) -> Task:
    return Task(id=1, case_id=1, kind="manual", title="Bel de advocaat", due_on=due_on)


def test_the_header_marks_overdue_and_withdrawn_apart_from_due_and_valid(qtbot) -> None:  # type: ignore[no-untyped-def]
    header = CaseHeader()
    qtbot.addWidget(header)
    header.show_case(
        _case(consents=(_consent(),), tasks=(_task(TODAY + timedelta(days=0)),)),
        {},
        TODAY,
        {7: "Stichting Voorbeeld"},
    )
    good = header.kinds()
    good_texts = header.status_texts()
    good_image = header.consent.mark.pixmap().toImage()
    assert good["consent"] == OK and good["deadline"] == DUE
    assert header.consent.mark.accessibleName() == "valid"
    assert header.deadline.mark.accessibleName() == "due today"
    assert good_texts["consent"] == "1 valid consent: Stichting Voorbeeld"

    header.show_case(
        _case(
            consents=(_consent(withdrawn_on=TODAY - timedelta(days=2)),),
            tasks=(_task(TODAY - timedelta(days=3)),),
        ),
        {},
        TODAY,
        {7: "Stichting Voorbeeld"},
    )
    bad = header.kinds()
    assert bad["consent"] == STOPPED and bad["deadline"] == OVERDUE
    assert header.consent.mark.accessibleName() == "withdrawn"
    assert header.deadline.mark.accessibleName() == "overdue"
    assert header.consent.mark.toolTip() == "withdrawn"
    assert header.consent.mark.pixmap().toImage() != good_image
    # The text stays: the shape is an addition.
    texts = header.status_texts()
    assert texts["consent"] == "No valid consent (withdrawn)"
    assert "3 days overdue" in texts["deadline"] and "Bel de advocaat" in texts["deadline"]
    # The phase and CoMensha cards carry a shape too; the shelter card has no status.
    assert bad["phase"] is not None and bad["comensha"] is not None
    assert not header.shelter.mark.isVisibleTo(header)
    assert header.consent.mark.isVisibleTo(header)


def test_referrals_and_goals_carry_their_status_shape(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    referrals = (
        Referral(id=1, case_id=1, organisation_id=7, referral_type="shelter", created_on=TODAY),
        Referral(
            id=2,
            case_id=1,
            organisation_id=7,
            referral_type="shelter",
            created_on=TODAY,
            sent_on=TODAY,
            status="rejected",
        ),
        Referral(
            id=3,
            case_id=1,
            organisation_id=7,
            referral_type="shelter",
            created_on=TODAY,
            sent_on=TODAY,
            status="accepted",
        ),
    )
    goals = (
        CaseGoal(id=1, domain="housing", goal="Eigen woning", status="reached", status_on=TODAY),
        CaseGoal(id=2, domain="housing", goal="Huurtoeslag", target_on=TODAY - timedelta(days=5)),
    )
    case = _case(consents=(), tasks=(), referrals=referrals, goals=goals)
    section = ReferralsSection(window.session, lambda: (1, case))
    qtbot.addWidget(section)
    section.names = {7: "Stichting Voorbeeld"}
    section.show_case(case)
    kinds = [section.list.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(3)]
    assert kinds == [status_marks.NONE, STOPPED, OK]
    rejected = section.list.item(1)
    assert rejected.text().endswith("rejected")  # the word stays in the line
    assert rejected.toolTip() == "rejected"
    assert rejected.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "rejected"
    assert not rejected.icon().isNull()

    plan = PlanSection(window.session, lambda: (1, case))
    qtbot.addWidget(plan)
    plan.show_case(case)
    by_goal = {
        plan.list.item(i).data(256): plan.list.item(i).data(Qt.ItemDataRole.UserRole + 1)
        for i in range(plan.list.count())
    }
    assert by_goal == {1: OK, 2: OVERDUE}  # an open goal past its target: the warning


def test_the_day_list_marks_overdue_apart_from_due(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from carecoord.domain.case import Signal
    from carecoord.domain.client import ClientFacts, ClientIdentity
    from ui.operations.store_access import store_of

    _create(qtbot, window)
    ws = window.workspace

    def fill(vault) -> None:  # type: ignore[no-untyped-def]
        store = store_of(vault)
        client = store.clients.register(
            ClientFacts(reference="CL-0301", gender="female", nationality="RO"),
            ClientIdentity(given_name="Testa", family_name="Voorbeeld"),
        )
        case = store.cases.open(
            client, Signal(signal_date=TODAY - timedelta(days=30), signaller="police")
        )
        store.tasks.add(case, "Bel de advocaat", TODAY - timedelta(days=3))
        store.tasks.add(case, "Verslag sturen", TODAY)

    window.session.run(fill)
    ws.show_page("Cases")
    ws.show_page("Dashboard")
    _idle(qtbot, window)
    model = ws.dashboard.day
    rows = [model.row_object(i) for i in range(model.rowCount())]
    late = next(i for i, r in enumerate(rows) if r.title == "Bel de advocaat")  # type: ignore[union-attr]
    today = next(i for i, r in enumerate(rows) if r.title == "Verslag sturen")  # type: ignore[union-attr]
    when = 1
    assert model.headerData(when, Qt.Orientation.Horizontal) == "When"
    assert model.data(model.index(late, when)) == "3 days overdue"  # the text stays
    assert model.data(model.index(today, when)) == "due today"
    assert model.data(model.index(late, when), Qt.ItemDataRole.ToolTipRole) == "overdue"
    assert model.data(model.index(today, when), Qt.ItemDataRole.ToolTipRole) == "due today"
    late_icon = model.data(model.index(late, when), Qt.ItemDataRole.DecorationRole)
    due_icon = model.data(model.index(today, when), Qt.ItemDataRole.DecorationRole)
    assert _argb(late_icon.pixmap(16, 16).toImage()) == _image(OVERDUE)
    assert _argb(due_icon.pixmap(16, 16).toImage()) == _image(DUE)
    assert _image(OVERDUE) != _image(DUE)
    # Only the "When" column carries it.
    assert model.data(model.index(late, 0), Qt.ItemDataRole.DecorationRole) is None


def test_the_legal_card_warns_when_the_reflection_period_ended_without_a_choice(qtbot) -> None:  # type: ignore[no-untyped-def]
    from carecoord.domain.legal import ReflectionPeriod

    header = CaseHeader()
    qtbot.addWidget(header)
    running = ReflectionPeriod(started_on=TODAY - timedelta(days=10))
    case = _case(consents=(), tasks=()).model_copy(update={"reflection": running})
    header.show_case(case, {}, TODAY)
    assert header.kinds()["legal"] == status_marks.ACTIVE
    assert header.kinds()["comensha"] == status_marks.NONE
    assert header.kinds()["deadline"] == status_marks.NONE
    assert header.kinds()["consent"] == status_marks.NONE
    ended = ReflectionPeriod(started_on=TODAY - timedelta(days=120))
    header.show_case(case.model_copy(update={"reflection": ended}), {}, TODAY)
    assert header.kinds()["legal"] == OVERDUE
    assert header.legal.mark.accessibleName() == "ended: record the choice"
    assert header.legal.text().endswith("(ended: record the choice)")
