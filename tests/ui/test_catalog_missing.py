"""A missing catalog is said, never a silent fall-back to English (issue 14): the log names its
type and place, the app shows one line, and the smoke test fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from carecoord import error_log, i18n
from ui import app, smoke_test


@pytest.fixture
def no_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installation without catalogs, and the user's log folder under tmp_path."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(error_log, "_ours", [])
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path / "empty")
    yield Path(error_log.platformdirs.user_log_dir("CareCoord", appauthor=False))
    for handler in error_log._ours:
        error_log._LOGGER.removeHandler(handler)
        handler.close()


def test_missing_catalog_is_logged_and_named(no_catalogs: Path, tmp_path: Path) -> None:
    i18n.set_language("nl")
    assert i18n.missing_catalog() == tmp_path / "empty" / "nl" / "LC_MESSAGES" / "carecoord.po"
    log = (no_catalogs / error_log.LOG_NAME).read_text(encoding="utf-8")
    assert "carecoord.i18n.CatalogMissing at carecoord.i18n.set_language" in log
    assert "carecoord/translations/nl/LC_MESSAGES/carecoord.po missing" in log
    assert str(tmp_path) not in log  # the place inside the package, not the install folder
    notice = app.missing_catalog_notice()
    assert "carecoord/translations/nl/LC_MESSAGES/carecoord.po" in notice
    assert "English" in notice


def test_smoke_test_fails_without_the_dutch_catalog(no_catalogs: Path) -> None:
    with pytest.raises(RuntimeError, match="the Dutch catalog is missing"):
        smoke_test.check_dutch_translation(None)  # type: ignore[arg-type]


def test_an_installed_catalog_gives_no_notice() -> None:
    i18n.set_language("nl")
    assert i18n.missing_catalog() is None
    assert app.missing_catalog_notice() == ""
