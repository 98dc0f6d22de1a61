"""Registration with CoMensha (store.comensha): on consent or anonymous.

The store refuses a registration on consent without a consent that covers it on that date;
the dialog offers only the anonymous one then (ui/case_tabs/comensha.py).
"""

from __future__ import annotations

from carecoord.domain.comensha import ComenshaRegistration
from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def register(case_id: int, registration: ComenshaRegistration) -> Op[int]:
    return Op(
        lambda v: store_of(v).comensha.register(case_id, registration),
        Changes.PATHWAY | Changes.CASES,
    )
