"""Leak test (issue 5): drive the workflows with canary strings in every field, then scan every
file under the scratch HOME/temp root, QSettings included, for the canaries in any encoding."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _encodings(text: str) -> list[bytes]:
    # The drive also types the canary reversed (inside the passphrase).
    return [
        variant.encode(codec)
        for variant in (text, text[::-1])
        for codec in ("utf-8", "utf-16-le", "utf-16-be")
    ]


def test_no_canary_reaches_any_file(tmp_path: Path) -> None:
    canary = "Kanarie" + secrets.token_hex(6)
    scratch = tmp_path / "scratch"
    for sub in ("home", "tmp", "config", "data", "cache", "runtime"):
        (scratch / sub).mkdir(parents=True)
    (scratch / "runtime").chmod(0o700)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(scratch / "home"),
        "TMPDIR": str(scratch / "tmp"),
        "TEMP": str(scratch / "tmp"),
        "TMP": str(scratch / "tmp"),
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_DATA_HOME": str(scratch / "data"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
        "XDG_RUNTIME_DIR": str(scratch / "runtime"),
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    chosen = tmp_path / "chosen"  # where the coordinator saves a letter or an access export
    chosen.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "support" / "leak_drive.py"),
            str(scratch),
            canary,
            str(chosen),
        ],
        env=env,
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    for stream in (proc.stdout, proc.stderr):
        assert not any(c in stream for c in _encodings(canary)), "canary in process output"

    # The drive really ran the workflows: what the person chose to save holds the client data.
    saved = sorted(p.suffix for p in chosen.iterdir())
    assert saved == [".json", ".pdf", ".pdf"], saved
    assert any(canary.encode() in p.read_bytes() for p in chosen.glob("*.json"))
    # Case work (issue 16) was typed with the canary too: the export holds it in every new field.
    (export,) = chosen.glob("*.json")
    (case,) = json.loads(export.read_text(encoding="utf-8"))["cases"]
    (person,) = [c["person"] for c in case["contacts"]]
    (meeting,) = case["meetings"]
    typed = [
        *(g["goal"] for g in case["goals"]),
        person["name"],
        person["phone"],
        person["email"],
        meeting["decisions"],
        meeting["legal_ground"],
        *(a["description"] for a in meeting["actions"]),
        *(a["measures"] for a in case["safety"]),
    ]
    assert len(typed) == 9 and all(canary in (t or "") for t in typed), typed
    assert sum(g["exit_programme_id"] is not None for g in case["goals"]) == 1

    files = [p for p in scratch.rglob("*") if p.is_file()]
    assert any(p.name == "vault.db" for p in files)  # the drive really wrote a vault
    assert any(p.suffix in (".conf", ".ini") for p in files)  # and QSettings
    leaks = [
        str(p.relative_to(scratch))
        for p in files
        if any(needle in p.read_bytes() for needle in _encodings(canary))
    ]
    assert leaks == []
