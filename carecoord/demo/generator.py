"""The demo generator: one whole case (client, facts, signals, pathway, support, referrals, and
the case work: plan, contacts, meetings, safety)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from carecoord import demo_names as names
from carecoord.demo.case_work import CaseWorkHistories
from carecoord.demo.pathway import PathwayHistories
from carecoord.demo.referrals import ReferralHistories
from carecoord.demo.tracks import TrackHistories
from carecoord.domain.casefile import Note
from carecoord.domain.client import ClientFacts
from carecoord.domain.dates import age_on
from carecoord.domain.deadlines import Task
from carecoord.store.bulk import NewCase


class DemoGenerator(PathwayHistories, TrackHistories, ReferralHistories, CaseWorkHistories):
    """Cases drawn from one seeded random source, in a fixed order (same seed, same data)."""

    def case(self, n: int) -> NewCase:
        rng = self.rng
        reuse = None
        if self._closed_clients and rng.random() < 0.03:
            reuse = self._closed_clients.pop(rng.randrange(len(self._closed_clients)))
        p = self._profile()
        first_day = self.today - timedelta(days=5 * 365)
        opened = first_day + timedelta(days=rng.randint(0, (self.today - first_day).days))
        if reuse is not None:
            client, identity, after = reuse
            if after >= self.today:
                reuse = None
            else:
                opened = after + timedelta(days=rng.randint(1, max(1, (self.today - after).days)))
                p.nationality, p.gender = client.nationality, client.gender
                p.group = client.nationality_group  # the legal track follows the nationality
        if reuse is None:
            identity = self._identity(n, p, opened)
            client = ClientFacts(
                reference=f"D{self.seed}-{n:06d}", gender=p.gender, nationality=p.nationality
            )
        assert identity is not None and identity.birth_date is not None
        p.minor = age_on(identity.birth_date, opened) < 18
        municipality = self._municipality()
        facts = self._facts(p, municipality)
        signals = [self._signal(opened, facts, case_bound=True)]
        if rng.random() < 0.15:
            later = opened + timedelta(days=rng.randint(1, 200))
            if later <= self.today:
                signals.append(self._signal(later, facts, case_bound=True))
        self._plan_legal(p)
        history = self._history(p, opened)
        case = NewCase(
            client=client,
            identity=None if reuse else identity,
            facts=facts,
            signals=signals,
            phase_history=history,
            # A returning client's circumstances were recorded with their first case.
            circumstances=None if reuse else self._circumstances(p),
            reuse_client=reuse is not None,
        )
        self._support(p, history, case)
        self._legal(p, history, case)
        self._comensha(p, history, case, identity.birth_date)
        self._identification(p, history, case)
        self._referrals(p, history, case, identity.birth_date)
        for _note in range(rng.choice((0, 1, 1, 2, 3))):
            written = opened + timedelta(days=rng.randint(0, max(0, (self.today - opened).days)))
            case.notes.append(
                Note(
                    case_id=0,
                    written_at=datetime.combine(
                        written, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=UTC
                    ),
                    author="demo",
                    body=rng.choice(names.NOTE_TEMPLATES),
                )
            )
        if history[-1].to_phase != "closed" and rng.random() < 0.08:
            case.tasks.append(
                Task(
                    case_id=0,
                    kind="manual",
                    due_on=self.today + timedelta(days=rng.randint(-20, 30)),
                    title="Evaluatiegesprek plannen",
                    created_by="demo",
                )
            )
        self._case_work(p, history, case, identity)  # its own random stream: see demo/case_work.py
        if history[-1].to_phase == "closed":
            self._closed_clients.append((client, identity, history[-1].changed_on))
        return case

    def cases(self, count: int) -> Iterator[NewCase]:
        for n in range(1, count + 1):
            yield self.case(n)
