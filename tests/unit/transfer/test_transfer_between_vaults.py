"""A case handed over between two real vaults: the same case on both sides, closed in the
sender, and every refusal (changed, not for this vault, another signer, a replay, a newer
format, an unconfirmed sender) leaving the receiving vault exactly as it was (issue 19)."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from carecoord.domain.consent import Consent
from carecoord.errors import InputRejected
from carecoord.letters.archive import DocumentArchive
from carecoord.letters.issue import issue_letter
from carecoord.transfer import identity
from carecoord.transfer.envelope import seal
from carecoord.transfer.payload import build_payload, payload_bytes
from carecoord.transfer.receiving import receive_package
from carecoord.transfer.regions import all_regions
from carecoord.transfer.sending import send_case
from tests.support.transfer_compare import comparable_case
from tests.unit.transfer.conftest import Pair, _region, db_digest, introduce

OVERRIDE = "Placed in a shelter in region Beland for her safety, urgent."


def _send(pair: Pair, reference: str, **kw: str) -> bytes:
    out = pair.tmp / "out" / "case.age"
    send_case(pair.a.vault, pair.a.store, reference, recipient=pair.b.keys.recipient, out=out, **kw)
    return out.read_bytes()


def _log_details(db: object, action: str) -> list[str]:
    return [str(r[0]) for r in db.all("SELECT detail FROM access_log WHERE action = ?", (action,))]  # type: ignore[attr-defined]


def test_the_case_arrives_whole_and_the_sender_closes_it(pair: Pair) -> None:
    case_id, reference = pair.richest_open_case()
    letter_referral = pair.a.vault.db.scalar(
        "SELECT id FROM referrals WHERE case_id = ? AND status <> 'draft' ORDER BY id LIMIT 1",
        (case_id,),
    )
    if letter_referral is not None:
        issue_letter(pair.a.vault, pair.a.store, str(letter_referral))
    before = comparable_case(pair.a.store, case_id)
    assert before["referrals"] and before["consents"] and before["signals"]

    data = _send(pair, reference, override_reason=OVERRIDE)
    a_keys = pair.a.keys
    received = receive_package(
        pair.b.vault, pair.b.store, data, expected_fingerprint=a_keys.fingerprint
    )

    # The same case on both sides, minus the vault's own numbers and references.
    assert comparable_case(pair.b.store, received.case_id) == before
    b_db = pair.b.vault.db
    row = b_db.all(
        "SELECT received_from, received_on, sender_reference, municipality, opened_on FROM cases"
        " WHERE id = ?",
        (received.case_id,),
    )[0]
    a_row = pair.a.vault.db.all(
        "SELECT municipality, opened_on FROM cases WHERE id = ?", (case_id,)
    )[0]
    assert tuple(row[:3]) == ("Gemeente Aland", pair.b.store.today().isoformat(), reference)
    # Its own municipality and start date: national sums never count it twice.
    assert tuple(row[3:]) == tuple(a_row)
    assert received.reference != "" and received.new_region
    assert [r.name for r in all_regions(b_db)] == ["Gemeente Aland"]
    # The letters sent travel with the case, byte for byte.
    if letter_referral is not None:
        sent = DocumentArchive(pair.a.vault.db).for_referral(str(letter_referral))
        got = b_db.all("SELECT sha256 FROM documents WHERE kind = 'referral_letter'")
        assert {d.sha256 for d in sent} <= {r[0] for r in got}

    # Closed in the sender with the reason, the override recorded, the transfer logged.
    summary = pair.a.store.read.summary(case_id)
    assert (summary.phase, summary.closure_reason) == ("closed", "transferred_region")
    assert pair.a.vault.db.all(
        "SELECT override_reason, consent_id, sent_by FROM sent_packages WHERE case_id = ?",
        (case_id,),
    ) == [(OVERRIDE, None, "anna")]
    assert any("transfer" in d for d in _log_details(pair.a.vault.db, "export"))
    assert any("transfer" in d for d in _log_details(pair.a.vault.db, "consent_override"))
    assert any("transfer" in d for d in _log_details(b_db, "import"))
    # Never the access log: the sender's log entries are not in the package's case.
    assert "access_log" not in json.dumps(before)

    # A package is received once.
    digest = db_digest(b_db)
    with pytest.raises(InputRejected, match="received before"):
        receive_package(pair.b.vault, pair.b.store, data)
    assert db_digest(b_db) == digest


def test_a_consent_for_the_region_lets_the_case_go_without_override(pair: Pair) -> None:
    case_id, reference = pair.richest_open_case()
    client_id = pair.a.store.read.summary(case_id).client_id
    digest = db_digest(pair.a.vault.db)
    with pytest.raises(InputRejected, match="No valid consent"):
        _send(pair, reference)
    assert db_digest(pair.a.vault.db) == digest
    assert not (pair.tmp / "out" / "case.age").exists()

    today = pair.a.store.today()
    consent_id = pair.a.store.consents.record(
        Consent(
            client_id=client_id,
            recipient_id=pair.b_at_a.organisation_id,
            purposes=("transfer",),
            data_categories=("identity",),
            given_on=today,
            given_by="client"
            if pair.a.store.read.birth_date_of_client(client_id) is None
            or (today - pair.a.store.read.birth_date_of_client(client_id)).days > 16 * 366
            else "parent_or_guardian",
        )
    )
    data = _send(pair, reference)
    assert pair.a.vault.db.all("SELECT consent_id, override_reason FROM sent_packages") == [
        (consent_id, None)
    ]
    received = receive_package(
        pair.b.vault, pair.b.store, data, expected_fingerprint=pair.a.keys.fingerprint
    )
    consents = pair.b.store.read.consents(pair.b.store.read.summary(received.case_id).client_id)
    assert any("transfer" in c.purposes for c in consents)


def test_an_unknown_recipient_or_a_closed_case_is_not_sent(pair: Pair) -> None:
    _case_id, reference = pair.richest_open_case()
    stranger = _region(pair.tmp / "vault-c", "carl", "Gemeente Celand")
    digest = db_digest(pair.a.vault.db)
    with pytest.raises(InputRejected, match="not a known region"):
        send_case(
            pair.a.vault,
            pair.a.store,
            reference,
            recipient=stranger.keys.recipient,
            out=pair.tmp / "x.age",
            override_reason=OVERRIDE,
        )
    assert db_digest(pair.a.vault.db) == digest
    _send(pair, reference, override_reason=OVERRIDE)
    with pytest.raises(InputRejected, match="closed"):
        _send(pair, reference, override_reason=OVERRIDE)
    stranger.vault.lock()


def _refused(pair: Pair, data: bytes, match: str, **kw: str) -> None:
    digest = db_digest(pair.b.vault.db)
    with pytest.raises(InputRejected, match=match):
        receive_package(pair.b.vault, pair.b.store, data, **kw)
    assert db_digest(pair.b.vault.db) == digest


def test_refusals_leave_the_receiving_vault_unchanged(pair: Pair) -> None:
    _case_id, reference = pair.richest_open_case()
    data = _send(pair, reference, override_reason=OVERRIDE)
    fingerprint = pair.a.keys.fingerprint

    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x20
    _refused(pair, bytes(flipped), "damaged or was changed", expected_fingerprint=fingerprint)

    # Unknown sender: without its fingerprint, or with another one, refused.
    _refused(pair, data, "not a known region")
    _refused(pair, data, "not the one given", expected_fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE")
    _refused(pair, data, "not a known region", confirm=lambda _sender: False)  # type: ignore[arg-type]

    # Sealed to another vault.
    other = _region(pair.tmp / "vault-c", "carl", "Gemeente Celand")
    try:
        identity.public_keys(other.vault.db)  # C has keys of its own: age finds none for them
        digest = db_digest(other.vault.db)
        with pytest.raises(InputRejected, match="another vault"):
            receive_package(other.vault, other.store, data, expected_fingerprint=fingerprint)
        assert db_digest(other.vault.db) == digest
    finally:
        other.vault.lock()

    # Still receivable after all that, once; confirmed by the coordinator's answer.
    seen = []
    receive_package(pair.b.vault, pair.b.store, data, confirm=lambda s: seen.append(s) or True)  # type: ignore[func-returns-value]
    assert seen[0].fingerprint == fingerprint and seen[0].region == "Gemeente Aland"


def _forged(
    pair: Pair,
    *,
    version: int = 1,
    key: Ed25519PrivateKey | None = None,
    region: str = "Gemeente Aland",
    sender_recipient: str | None = None,
) -> bytes:
    case_id, _reference = pair.richest_open_case()
    payload = build_payload(
        pair.a.store,
        case_id,
        from_region=region,
        to_region="Gemeente Beland",
        on=pair.a.store.today(),
    )
    raw = json.loads(payload_bytes(payload))
    raw["version"] = version
    _id, data = seal(
        json.dumps(raw).encode(),
        recipient=pair.b.keys.recipient,
        sender_region=region,
        sender_recipient=sender_recipient or pair.a.keys.recipient,
        signing_key=key or identity.signing_key(pair.a.vault.db),
    )
    return data


def test_a_newer_format_version_is_refused(pair: Pair) -> None:
    introduce(pair.b, pair.a)
    _refused(pair, _forged(pair, version=2), "format version 2")


def test_another_signer_than_the_known_region_is_refused(pair: Pair) -> None:
    """Someone with keys of their own claims to be region A, which B knows."""
    introduce(pair.b, pair.a)
    impostor = Ed25519PrivateKey.generate()
    _refused(pair, _forged(pair, key=impostor), "not from the sender it claims")
    # The known region's name with another recipient and key: refused as well.
    _refused(
        pair,
        _forged(pair, key=impostor, sender_recipient=pair.b.keys.recipient),
        "not from the sender it claims",
        expected_fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE",
    )
    # The genuine package from A is still received.
    receive_package(pair.b.vault, pair.b.store, _forged(pair))
