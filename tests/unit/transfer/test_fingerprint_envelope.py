"""The fingerprint and the sealed envelope alone: what a changed, misdirected or re-signed
package looks like to the receiver (issue 19)."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from carecoord.errors import InputRejected
from carecoord.transfer import envelope
from carecoord.transfer.fingerprint import fingerprint, normalised
from carecoord.transfer.keys import (
    NotForThisVault,
    age_encrypt,
    checked_recipient,
    new_age_identity,
    public_bytes,
    signing_from_text,
    signing_text,
)


def _party() -> tuple[str, str, Ed25519PrivateKey]:
    secret, recipient = new_age_identity()
    return secret, recipient, Ed25519PrivateKey.generate()


def test_fingerprint_is_100_bits_in_five_groups_of_four() -> None:
    _secret, recipient, key = _party()
    text = fingerprint(recipient, public_bytes(key.public_key()))
    groups = text.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4, 4]
    assert set("".join(groups)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    # Another signing key with the same recipient gives another fingerprint.
    other = Ed25519PrivateKey.generate()
    assert fingerprint(recipient, public_bytes(other.public_key())) != text


def test_fingerprint_is_sha256_over_both_keys() -> None:
    import base64
    import hashlib

    recipient = "age1ycl0v0fx64vxy84ks2zp5g0zx3nmej0nwmhecm8vag8egsycx3qq5s00wm"
    signing = bytes(range(32))
    digest = hashlib.sha256(recipient.encode() + b"\n" + signing).digest()
    bits = base64.b32encode(digest[:13]).decode()[:20]
    assert fingerprint(recipient, signing).replace("-", "") == bits


@given(st.binary(min_size=32, max_size=32))
def test_a_fingerprint_typed_loosely_reads_as_printed(signing: bytes) -> None:
    recipient = "age1ycl0v0fx64vxy84ks2zp5g0zx3nmej0nwmhecm8vag8egsycx3qq5s00wm"
    printed = fingerprint(recipient, signing)
    assert normalised(printed.lower().replace("-", " ")) == printed
    assert normalised(printed.replace("-", "")) == printed


@pytest.mark.parametrize(
    "text", ["", "ABCD", "ABCD-EFGH-IJKL-MNOP-QRS1", "ABCD-EFGH-IJKL-MNOP-QRSTU"]
)
def test_a_wrong_fingerprint_is_refused(text: str) -> None:
    with pytest.raises(InputRejected):
        normalised(text)


def test_keys_as_text() -> None:
    _secret, recipient, key = _party()
    assert checked_recipient(f"  {recipient}\n") == recipient
    with pytest.raises(InputRejected):
        checked_recipient("age1notarecipient")
    raw = public_bytes(key.public_key())
    assert signing_from_text(signing_text(raw)) == raw
    with pytest.raises(InputRejected):
        signing_from_text("not base64!")
    with pytest.raises(InputRejected):
        signing_from_text(signing_text(raw[:31]))


def _sealed(recipient: str, key: Ed25519PrivateKey, payload: bytes = b'{"x":1}') -> bytes:
    _id, data = envelope.seal(
        payload,
        recipient=recipient,
        sender_region="Regio Noord",
        sender_recipient=new_age_identity()[1],
        signing_key=key,
    )
    return data


def test_sealed_package_opens_for_its_recipient_only() -> None:
    secret, recipient, _key = _party()
    sender_key = Ed25519PrivateKey.generate()
    data = _sealed(recipient, sender_key, b"payload bytes")
    opened = envelope.open_package(data, identity=secret, own_recipient=recipient)
    assert opened.payload == b"payload bytes"
    assert opened.sender.region == "Regio Noord"
    assert opened.sender.signing_public == public_bytes(sender_key.public_key())
    assert len(opened.package_id) == 32
    assert b"payload bytes" not in data  # the file is ciphertext only

    other_secret, other_recipient, _ = _party()
    with pytest.raises(NotForThisVault):
        envelope.open_package(data, identity=other_secret, own_recipient=other_recipient)


@pytest.mark.parametrize("where", [0.1, 0.5, 0.99])
def test_any_flipped_byte_is_refused(where: float) -> None:
    secret, recipient, _ = _party()
    data = bytearray(_sealed(recipient, Ed25519PrivateKey.generate()))
    data[int(len(data) * where)] ^= 0x01
    with pytest.raises(InputRejected):
        envelope.open_package(bytes(data), identity=secret, own_recipient=recipient)


def _inner(plaintext: dict[str, object], recipient: str) -> bytes:
    return age_encrypt(json.dumps(plaintext).encode(), recipient)


def _opened_plaintext(data: bytes, secret: str) -> dict[str, object]:
    from carecoord.transfer.keys import age_decrypt

    return dict(json.loads(age_decrypt(data, secret)))


def test_a_package_resealed_to_another_vault_is_refused() -> None:
    """B re-seals A's package for C: the signature names B as recipient, so C refuses it."""
    secret_b, recipient_b, _ = _party()
    secret_c, recipient_c, _ = _party()
    inner = _opened_plaintext(_sealed(recipient_b, Ed25519PrivateKey.generate()), secret_b)
    resealed = _inner(inner, recipient_c)
    with pytest.raises(InputRejected, match="signed for another vault"):
        envelope.open_package(resealed, identity=secret_c, own_recipient=recipient_c)
    # Changing the named recipient breaks the signature instead.
    inner["recipient"] = recipient_c
    with pytest.raises(InputRejected, match="signature"):
        envelope.open_package(
            _inner(inner, recipient_c), identity=secret_c, own_recipient=recipient_c
        )


def test_another_payload_under_the_same_signature_is_refused() -> None:
    import base64
    import hashlib

    secret, recipient, _ = _party()
    inner = _opened_plaintext(_sealed(recipient, Ed25519PrivateKey.generate()), secret)
    forged = b'{"x":2}'
    inner["payload"] = base64.b64encode(forged).decode()
    with pytest.raises(InputRejected):  # the hash no longer matches
        envelope.open_package(_inner(inner, recipient), identity=secret, own_recipient=recipient)
    inner["payload_sha256"] = hashlib.sha256(forged).hexdigest()
    with pytest.raises(InputRejected, match="signature"):
        envelope.open_package(_inner(inner, recipient), identity=secret, own_recipient=recipient)


def test_a_signature_by_another_key_than_named_is_refused() -> None:
    import base64

    secret, recipient, _ = _party()
    inner = _opened_plaintext(_sealed(recipient, Ed25519PrivateKey.generate()), secret)
    sender = dict(inner["sender"])  # type: ignore[call-overload]
    sender["signing_key"] = base64.b64encode(
        public_bytes(Ed25519PrivateKey.generate().public_key())
    ).decode()
    inner["sender"] = sender
    with pytest.raises(InputRejected, match="signature"):
        envelope.open_package(_inner(inner, recipient), identity=secret, own_recipient=recipient)


def test_a_newer_envelope_or_another_file_is_refused() -> None:
    secret, recipient, _ = _party()
    inner = _opened_plaintext(_sealed(recipient, Ed25519PrivateKey.generate()), secret)
    inner["version"] = 2
    with pytest.raises(InputRejected, match="newer version"):
        envelope.open_package(_inner(inner, recipient), identity=secret, own_recipient=recipient)
    with pytest.raises(InputRejected, match="not a CareCoord transfer package"):
        envelope.open_package(
            age_encrypt(b"just some text", recipient), identity=secret, own_recipient=recipient
        )
    with pytest.raises(InputRejected):
        envelope.open_package(b"not an age file", identity=secret, own_recipient=recipient)
