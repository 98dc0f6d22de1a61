"""Argon2id key derivation with per-slot parameters, calibrated on the workstation.

Floors follow RFC 9106's second recommended profile (t=3, m=64 MiB, p=4); calibration raises the
memory cost until one derivation takes about half a second to a second (research/security.md §4).
"""

from __future__ import annotations

import os
import time

from argon2.low_level import Type, hash_secret_raw
from pydantic import BaseModel, ConfigDict, Field

KEY_BYTES = 32
SALT_BYTES = 16

FLOOR_TIME_COST = 3
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_PARALLELISM = 4
CEILING_MEMORY_KIB = 1024 * 1024  # a municipal laptop must still unlock with other apps open

TARGET_SECONDS = (0.5, 1.0)

# Only for the test suite: a cheap profile so hundreds of unlocks finish in seconds. The name says
# what it is; a vault created this way is refused at unlock unless the same variable is set.
INSECURE_TEST_ENV = "CARECOORD_INSECURE_TEST_KDF"


class KdfParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(default="argon2id", pattern="^argon2id$")
    time_cost: int = Field(ge=1, le=64)
    memory_kib: int = Field(ge=8, le=4 * 1024 * 1024)
    parallelism: int = Field(ge=1, le=64)

    def below_floor(self) -> bool:
        return (
            self.time_cost < FLOOR_TIME_COST
            or self.memory_kib < FLOOR_MEMORY_KIB
            or self.parallelism < 1
        )


def insecure_test_profile_enabled() -> bool:
    return os.environ.get(INSECURE_TEST_ENV) == "1"


TEST_PARAMS = KdfParams(time_cost=1, memory_kib=8, parallelism=1)
FLOOR_PARAMS = KdfParams(
    time_cost=FLOOR_TIME_COST, memory_kib=FLOOR_MEMORY_KIB, parallelism=FLOOR_PARALLELISM
)


def derive(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _seconds(params: KdfParams) -> float:
    start = time.perf_counter()
    derive(b"calibration", b"\0" * SALT_BYTES, params)
    return time.perf_counter() - start


def calibrate() -> KdfParams:
    """Parameters for a new slot on this machine (runs for a few seconds at most)."""
    if insecure_test_profile_enabled():
        return TEST_PARAMS
    params = FLOOR_PARAMS
    elapsed = _seconds(params)
    # Memory first (it is what makes GPU guessing expensive), then time cost.
    while elapsed < TARGET_SECONDS[0] and params.memory_kib * 2 <= CEILING_MEMORY_KIB:
        params = params.model_copy(update={"memory_kib": params.memory_kib * 2})
        elapsed = _seconds(params)
    while elapsed < TARGET_SECONDS[0] and params.time_cost < 64:
        params = params.model_copy(update={"time_cost": params.time_cost + 1})
        elapsed = _seconds(params)
    return params


def acceptable(params: KdfParams) -> bool:
    """A stored slot below the floor is refused: nobody without the DEK could lower it legitimately.

    The test suite may use exactly the test profile; any other value below the floor is still an
    edit, so tests can show that lowering a slot's settings is caught.
    """
    if not params.below_floor():
        return True
    return insecure_test_profile_enabled() and params == TEST_PARAMS
