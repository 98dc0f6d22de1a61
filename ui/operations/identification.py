"""Identification outside criminal law (store.identification): the route and the MDT advice.

The labels of the routes are a setting per region (the pilots name them differently); the codes
stay fixed.
"""

from __future__ import annotations

from carecoord.domain.identification import IdentificationRoute
from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def set_route(case_id: int, route: IdentificationRoute) -> Op[None]:
    return Op(
        lambda v: store_of(v).identification.set_route(case_id, route),
        Changes.PATHWAY | Changes.CASES,
    )
