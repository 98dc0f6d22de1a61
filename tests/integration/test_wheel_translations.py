"""A plain wheel install (not editable) ships the catalogs, and Dutch works from it (issue 14).

Before, the catalogs lived beside the packages (``translations/``), outside any package: the
wheel had no .po files and an installed app silently fell back to English.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import carecoord

ROOT = Path(carecoord.__file__).resolve().parent.parent

TRANSLATE = """
import sys
from carecoord import i18n
i18n.set_language("nl")
print(i18n.__file__)
print(i18n.gettext("Settings"))
print(i18n.missing_catalog())
print("babel" in sys.modules)  # the compiled .mo is read without Babel (issue 14)
from carecoord.vault import migrations
print(",".join(m.name for m in migrations.all_migrations() if m.step is not None))
"""


def test_wheel_ships_the_catalogs_and_dutch_translates_when_installed(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(tmp_path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("carecoord-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "carecoord/translations/nl/LC_MESSAGES/carecoord.po" in names
    assert "carecoord/translations/en/LC_MESSAGES/carecoord.po" in names
    assert "carecoord/translations/nl/LC_MESSAGES/carecoord.mo" in names
    assert "carecoord/translations/en/LC_MESSAGES/carecoord.mo" in names
    # A migration's data step is a module beside its statements (issue 15): both are shipped.
    assert "carecoord/schema/0050_pathway_tracks.sql" in names
    assert "carecoord/schema/0050_pathway_tracks.py" in names

    target = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    # The installed copy comes first on sys.path (before this venv's editable finder); the
    # working directory is outside the source tree.
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("CARECOORD_VAULT", None)
    result = subprocess.run(
        [sys.executable, "-c", TRANSLATE],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    where, settings, missing, babel_loaded, data_steps = result.stdout.strip().splitlines()
    assert Path(where).is_relative_to(target)
    assert settings == "Instellingen"
    assert missing == "None"
    assert babel_loaded == "False"
    assert "pathway_tracks" in data_steps.split(",")
