"""vault.keys: the file format round-trips, and any edited slot is caught."""

from __future__ import annotations

import base64
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecoord.errors import NotAVault
from carecoord.vault import kdf, keyfile
from carecoord.vault.checks import VaultCheckFailed
from carecoord.vault.kdf import KdfParams
from carecoord.vault.keyfile import AuditHead, KeyFile, KeySlot, PendingRotation
from tests.conftest import VaultFixture

hex32 = st.binary(min_size=16, max_size=16).map(bytes.hex)


def b64_of(size: int) -> st.SearchStrategy[str]:
    return st.binary(min_size=size, max_size=size).map(lambda b: base64.b64encode(b).decode())


kdf_params = st.builds(
    KdfParams,
    time_cost=st.integers(1, 64),
    memory_kib=st.integers(8, 4 * 1024 * 1024),
    parallelism=st.integers(1, 64),
)
slots = st.builds(
    KeySlot,
    id=hex32,
    kind=st.sampled_from(["passphrase", "recovery"]),
    label=st.text(min_size=1, max_size=64),
    kdf=kdf_params,
    salt=b64_of(16),
    device_bound=st.booleans(),
    public_key=b64_of(32),
    private_nonce=b64_of(12),
    wrapped_private_key=b64_of(48),
    sealed_dek=b64_of(92),
    created=st.text(max_size=30),
    kek_check=st.none() | b64_of(16),
)


@st.composite
def keyfiles(draw: st.DrawFn) -> KeyFile:
    chosen = draw(st.lists(slots, min_size=1, max_size=4))
    pending = draw(
        st.none()
        | st.builds(
            PendingRotation,
            generation=st.integers(1, 10**6),
            sealed=st.fixed_dictionaries({s.id: b64_of(92) for s in chosen}),
        )
    )
    head = draw(st.none() | st.builds(AuditHead, seq=st.integers(0, 10**9), mac=st.text()))
    return KeyFile(
        vault_id=draw(hex32),
        generation=draw(st.integers(1, 10**6)),
        slots=tuple(chosen),
        pending=pending,
        audit_head=head,
        mac=draw(st.text(max_size=64)),
    )


@given(keyfiles())
def test_dumps_loads_round_trip(original: KeyFile) -> None:
    data = keyfile.dumps(original)
    assert keyfile.loads(data) == original
    assert keyfile.dumps(keyfile.loads(data)) == data


@given(keyfiles(), st.data())
def test_any_edited_value_without_the_checksum_is_refused(
    original: KeyFile, data: st.DataObject
) -> None:
    document = json.loads(keyfile.dumps(original))
    slot = data.draw(st.sampled_from(document["slots"]))
    field = data.draw(st.sampled_from(sorted(k for k in slot if k not in ("kek_check", "kdf"))))
    value = slot[field]
    slot[field] = (not value) if isinstance(value, bool) else value + "x"
    with pytest.raises(VaultCheckFailed, match="altered or damaged") as caught:
        keyfile.loads(json.dumps(document).encode())
    assert caught.value.check == "key file"
    assert caught.value.exit_code == 4


def _changed(slot: KeySlot, field: str) -> object:
    value = getattr(slot, field)
    if isinstance(value, bool):
        return not value
    if isinstance(value, KdfParams):
        return value.model_copy(update={"time_cost": value.time_cost + 1})
    if value is None:
        return "AAAA"
    assert isinstance(value, str)
    return value[:-1] + ("0" if value[-1] != "0" else "1")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.data())
def test_the_mac_detects_any_slot_change(vault_fx: VaultFixture, data: st.DataObject) -> None:
    vault = vault_fx.vault
    vault.add_user("bob", "tulips along the canal 7")
    keys, dek = vault.keys, vault.dek
    assert keys.mac_valid(dek)
    index = data.draw(st.integers(0, len(keys.slots) - 1))
    field = data.draw(st.sampled_from(sorted(KeySlot.model_fields)))
    slot = keys.slots[index]
    edited = slot.model_copy(update={field: _changed(slot, field)})
    assert edited != slot
    tampered = keys.model_copy(
        update={"slots": tuple(edited if i == index else s for i, s in enumerate(keys.slots))}
    )
    assert not tampered.mac_valid(dek)
    # The MAC also covers the order and number of slots and the top-level fields.
    assert not keys.model_copy(update={"slots": keys.slots[::-1]}).mac_valid(dek)
    assert not keys.model_copy(update={"slots": keys.slots[:-1]}).mac_valid(dek)
    assert not keys.model_copy(update={"generation": keys.generation + 1}).mac_valid(dek)
    assert not keys.mac_valid(os.urandom(32))
    vault.remove_user("bob")


def test_a_slot_copied_from_another_vault_does_not_open() -> None:
    """The associated data binds vault id and slot id: a transplanted slot is refused."""
    params = kdf.TEST_PARAMS
    dek = os.urandom(32)
    secret = b"correct horse battery staple"
    slot = keyfile.make_slot(
        vault_id="a" * 32,
        generation=1,
        dek=dek,
        kind="passphrase",
        label="anna",
        secret=secret,
        params=params,
    )
    home = KeyFile(vault_id="a" * 32, slots=(slot,))
    assert keyfile.unwrap_private_key(home, slot, secret, None) is not None
    assert keyfile.unwrap_private_key(home, slot, b"wrong passphrase!!", None) is None
    elsewhere = KeyFile(vault_id="b" * 32, slots=(slot,))
    with pytest.raises(VaultCheckFailed, match="altered"):
        keyfile.unwrap_private_key(elsewhere, slot, secret, None)
    moved = slot.model_copy(update={"id": "c" * 32})
    with pytest.raises(VaultCheckFailed, match="altered"):
        keyfile.unwrap_private_key(home, moved, secret, None)
    private = keyfile.unwrap_private_key(home, slot, secret, None)
    assert private is not None
    assert keyfile.unseal_dek(slot.sealed_dek, private, "a" * 32, slot.id, 1) == dek
    assert keyfile.unseal_dek(slot.sealed_dek, private, "a" * 32, slot.id, 2) is None
    assert keyfile.unseal_dek(slot.sealed_dek, private, "b" * 32, slot.id, 1) is None


@pytest.mark.parametrize(
    ("field", "size"),
    [
        ("salt", 4),
        ("public_key", 31),
        ("private_nonce", 0),
        ("wrapped_private_key", 47),
        ("sealed_dek", 60),
    ],
)
def test_wrong_lengths_are_refused_even_with_a_valid_checksum(field: str, size: int) -> None:
    slot = keyfile.make_slot(
        vault_id="a" * 32,
        generation=1,
        dek=os.urandom(32),
        kind="passphrase",
        label="anna",
        secret=b"x" * 20,
        params=kdf.TEST_PARAMS,
    )
    bad = slot.model_copy(update={field: base64.b64encode(os.urandom(size)).decode()})
    data = keyfile.dumps(KeyFile(vault_id="a" * 32, slots=(bad,)))
    with pytest.raises(VaultCheckFailed, match="invalid content"):
        keyfile.loads(data)


def test_not_a_key_file() -> None:
    with pytest.raises(NotAVault):
        keyfile.loads(b'{"format": "something else"}')
    with pytest.raises(VaultCheckFailed, match="not readable JSON"):
        keyfile.loads(b"\xff\xfe garbage")
    with pytest.raises(VaultCheckFailed, match="format version 7"):
        keyfile.loads(b'{"format": "carecoord-vault-keys", "version": 7}')
