"""Argon2id calibration floors, and atomic writes that leave nothing half-written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from carecoord import atomic
from carecoord.vault import kdf
from carecoord.vault.kdf import KdfParams


@pytest.fixture
def real_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(kdf.INSECURE_TEST_ENV, raising=False)


def _timed(seconds_per_gib_pass: float) -> object:
    """A cost model: time grows with memory × passes, like Argon2id does."""

    def seconds(params: KdfParams) -> float:
        return seconds_per_gib_pass * params.memory_kib / (1024 * 1024) * params.time_cost

    return seconds


@pytest.mark.usefixtures("real_kdf")
@pytest.mark.parametrize("speed", [0.05, 0.5, 2.0, 5.0, 40.0, 1000.0])
def test_calibration_never_goes_below_the_floor(
    monkeypatch: pytest.MonkeyPatch, speed: float
) -> None:
    monkeypatch.setattr(kdf, "_seconds", _timed(speed))
    params = kdf.calibrate()
    assert params.time_cost >= 3
    assert params.memory_kib >= 64 * 1024
    assert params.parallelism >= 4
    assert params.memory_kib <= kdf.CEILING_MEMORY_KIB
    assert kdf.acceptable(params)


@pytest.mark.usefixtures("real_kdf")
def test_calibration_reaches_the_target_time_on_an_ordinary_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kdf, "_seconds", _timed(2.0))  # 64 MiB, t=3: 0.375 s
    params = kdf.calibrate()
    assert kdf.TARGET_SECONDS[0] <= _timed(2.0)(params) <= kdf.TARGET_SECONDS[1]  # type: ignore[operator]
    assert params.memory_kib == 128 * 1024


@pytest.mark.usefixtures("real_kdf")
def test_a_slow_machine_gets_exactly_the_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kdf, "_seconds", lambda _params: 3.0)
    assert kdf.calibrate() == kdf.FLOOR_PARAMS


@pytest.mark.usefixtures("real_kdf")
def test_a_fast_machine_raises_memory_to_the_ceiling_then_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kdf, "_seconds", _timed(0.05))
    params = kdf.calibrate()
    assert params.memory_kib == kdf.CEILING_MEMORY_KIB
    assert params.time_cost > 3


@pytest.mark.usefixtures("real_kdf")
def test_below_floor_is_refused_without_the_test_profile() -> None:
    assert not kdf.acceptable(kdf.TEST_PARAMS)
    assert not kdf.acceptable(kdf.FLOOR_PARAMS.model_copy(update={"time_cost": 2}))
    assert not kdf.acceptable(kdf.FLOOR_PARAMS.model_copy(update={"memory_kib": 32 * 1024}))
    assert kdf.acceptable(kdf.FLOOR_PARAMS)


def test_the_test_profile_is_only_the_test_profile() -> None:
    assert kdf.insecure_test_profile_enabled()
    assert kdf.calibrate() == kdf.TEST_PARAMS
    assert kdf.acceptable(kdf.TEST_PARAMS)
    assert not kdf.acceptable(kdf.TEST_PARAMS.model_copy(update={"memory_kib": 16}))


def test_derive_depends_on_every_input() -> None:
    base = kdf.derive(b"secret", b"s" * 16, kdf.TEST_PARAMS)
    assert len(base) == 32
    assert kdf.derive(b"secret", b"s" * 16, kdf.TEST_PARAMS) == base
    assert kdf.derive(b"Secret", b"s" * 16, kdf.TEST_PARAMS) != base
    assert kdf.derive(b"secret", b"t" * 16, kdf.TEST_PARAMS) != base
    other = kdf.TEST_PARAMS.model_copy(update={"time_cost": 2})
    assert kdf.derive(b"secret", b"s" * 16, other) != base


# -- atomic writes ---------------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_a_failing_writer_leaves_the_old_file_and_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "vault.keys"
    atomic.write_atomic(target, b"old content")
    with pytest.raises(Boom), atomic.atomic_writer(target) as handle:
        handle.write(b"new content, half of it")
        raise Boom
    assert target.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault.keys"]


def test_a_failing_writer_creates_nothing_when_there_was_nothing(tmp_path: Path) -> None:
    with pytest.raises(Boom), atomic.atomic_writer(tmp_path / "export.csv") as handle:
        handle.write(b"partial")
        raise Boom
    assert list(tmp_path.iterdir()) == []


def test_written_files_are_owner_only_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real_fdopen = os.fdopen

    def spy(fd: int, *args: object, **kwargs: object) -> object:
        seen.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(atomic.os, "fdopen", spy)
    old_umask = os.umask(0)
    try:
        atomic.write_atomic(tmp_path / "f", b"data")
    finally:
        os.umask(old_umask)
    assert seen == [0o600]
    assert stat.S_IMODE((tmp_path / "f").stat().st_mode) == 0o600
    assert (tmp_path / "f").read_bytes() == b"data"
