"""The printed recovery key: format, round trip, look-alikes, and every typo caught in its group."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecoord.vault import recovery
from carecoord.vault.recovery import ALPHABET, GROUP_LEN, GROUPS, RecoveryKeyTypo

# Characters a person might type by mistake: the alphabet, the excluded U, and stray symbols.
TYPED = ALPHABET + "U*#?"


def _fold(ch: str) -> str:
    return {"I": "1", "L": "1", "O": "0"}.get(ch.upper(), ch.upper())


def _key_from(data: list[str]) -> str:
    groups = []
    for index in range(GROUPS):
        chunk = "".join(data[index * 4 : index * 4 + 4])
        groups.append(chunk + recovery._check_char(index + 1, chunk))
    return "-".join(groups)


keys = st.lists(st.sampled_from(ALPHABET), min_size=32, max_size=32).map(_key_from)


def test_generated_keys_have_the_documented_shape() -> None:
    key = recovery.generate()
    groups = key.split("-")
    assert len(groups) == GROUPS
    assert all(len(g) == GROUP_LEN and set(g) <= set(ALPHABET) for g in groups)
    assert recovery.ENTROPY_BITS >= 128
    assert recovery.normalise(key) == key
    assert len({recovery.generate() for _ in range(50)}) == 50


@given(keys)
def test_round_trip_in_any_case_and_spacing(key: str) -> None:
    assert recovery.normalise(key) == key
    assert recovery.normalise(key.lower()) == key
    assert recovery.normalise(key.replace("-", " ")) == key
    assert recovery.normalise(" " + key.replace("-", "") + "\n") == key
    assert recovery.secret_bytes(recovery.normalise(key.lower())) == key.replace("-", "").encode()


@given(keys, st.data())
def test_look_alikes_are_folded(key: str, data: st.DataObject) -> None:
    typed = "".join(data.draw(st.sampled_from({"1": "1IiLl", "0": "0Oo"}.get(c, c))) for c in key)
    assert recovery.normalise(typed) == key


@given(
    keys,
    st.integers(min_value=0, max_value=GROUPS - 1),
    st.integers(min_value=0, max_value=GROUP_LEN - 1),
    st.sampled_from(TYPED),
)
def test_every_single_substitution_is_a_typo_in_that_group(
    key: str, group: int, position: int, replacement: str
) -> None:
    index = group * (GROUP_LEN + 1) + position
    if _fold(replacement) == key[index]:
        return  # the same character: not a substitution
    typo = key[:index] + replacement + key[index + 1 :]
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery.normalise(typo)
    assert caught.value.group == group + 1
    assert f"Group {group + 1} of the recovery key has a typo" in caught.value.message
    assert caught.value.exit_code == 3


def test_every_single_substitution_of_one_key_exhaustively() -> None:
    key = recovery.generate()
    caught = 0
    for index, original in enumerate(key):
        if original == "-":
            continue
        for replacement in TYPED:
            if replacement == original:
                continue
            with pytest.raises(RecoveryKeyTypo) as error:
                recovery.normalise(key[:index] + replacement + key[index + 1 :])
            assert error.value.group == index // (GROUP_LEN + 1) + 1
            caught += 1
    assert caught == GROUPS * GROUP_LEN * (len(TYPED) - 1)


@given(keys, st.integers(0, GROUPS - 1), st.integers(0, GROUPS - 1))
def test_swapped_groups_are_a_typo_in_the_first_of_them(key: str, first: int, second: int) -> None:
    groups = key.split("-")
    if first == second or groups[first] == groups[second]:
        return
    groups[first], groups[second] = groups[second], groups[first]
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery.normalise("-".join(groups))
    assert caught.value.group == min(first, second) + 1


@pytest.mark.parametrize("cut", [1, 5, 39])
def test_wrong_length_says_how_many_characters(cut: int) -> None:
    key = recovery.generate().replace("-", "")
    noun = "character" if cut == 39 else "characters"  # one left: in the singular (issue 17)
    with pytest.raises(RecoveryKeyTypo, match=f"has {40 - cut} {noun}; it should have 40"):
        recovery.normalise(key[:-cut])
