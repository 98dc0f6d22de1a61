"""Process hardening, observed from the kernel's side in a fresh process (Linux)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carecoord.hardening import HardeningReport, Measure, warning_line

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="prctl and /proc are Linux")

# Reads the state back with its own ctypes call, not through the module under test.
PROBE = """
import ctypes, json, resource, sys
before = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)
from carecoord.hardening import harden_process
report = harden_process()
status = open("/proc/self/status").read()
print(json.dumps({
    "before": before,
    "dumpable": ctypes.CDLL(None).prctl(3, 0, 0, 0, 0),
    "core": list(resource.getrlimit(resource.RLIMIT_CORE)),
    "ok": report.ok,
    "measures": [m.name for m in report.measures],
    "core_dumping": [l for l in status.splitlines() if l.startswith("CoreDumping")],
}))
"""


@linux_only
def test_harden_process_disables_core_dumps_and_dumpable() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    state = json.loads(out.stdout)
    assert state["before"] == 1  # the check below can fail: a new process starts dumpable
    assert state["dumpable"] == 0
    assert state["core"] == [0, 0]
    assert state["ok"] is True
    assert state["core_dumping"] == ["CoreDumping:\t0"]
    assert len(state["measures"]) == 2


def _core_limit_of(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            return " ".join(line.split()[4:6])
    raise AssertionError("no core limit line")


@linux_only
def test_cli_entry_point_hardens_before_asking_for_a_passphrase(tmp_path: Path) -> None:
    """The real `carecoord` entry point, seen from outside while it waits on standard input."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARECOORD_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "carecoord", "--vault", str(tmp_path / "v"), "vault", "verify"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        limit = _core_limit_of(proc.pid)
        while limit != "0 0" and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            limit = _core_limit_of(proc.pid)
        assert limit == "0 0"
    finally:
        proc.communicate(input=b"", timeout=30)
    assert proc.returncode != 0  # no passphrase and no vault: it refused, as it should


def test_warning_line_names_only_the_failed_measures() -> None:
    report = HardeningReport(
        (Measure("a", True), Measure("b", False, "errno 1"), Measure("c", False))
    )
    assert not report.ok
    assert warning_line(report) == "process hardening incomplete: b (errno 1); c"
    assert warning_line(HardeningReport((Measure("a", True),))) is None
