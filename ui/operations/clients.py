"""A client's identity and circumstances (store.clients)."""

from __future__ import annotations

from carecoord.domain.client import ClientCircumstances, ClientIdentity
from ui.operations import Changes, Op
from ui.operations.store_access import store_of


def rectify_identity(client_id: int, identity: ClientIdentity) -> Op[int]:
    """AVG art. 16: the previous values are kept in the identity's history."""
    return Op(
        lambda v: store_of(v).clients.rectify_identity(client_id, identity),
        Changes.CLIENTS | Changes.CASES,
    )


def set_circumstances(client_id: int, circumstances: ClientCircumstances) -> Op[None]:
    """Custody for a minor; for a labour migrant the ties to the employer (its name is kept
    with the identity)."""
    return Op(
        lambda v: store_of(v).clients.set_circumstances(client_id, circumstances),
        Changes.CLIENTS | Changes.CASES,
    )
