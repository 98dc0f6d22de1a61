"""The one-folder build stays within its size budget (issue 14: 354 MB before, target 200)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

# MiB, as `du -sh dist/carecoord` prints them (`make package` shows that figure).
LIMIT_MIB = 200


def _sizes(dist: Path) -> Counter[str]:
    """Bytes per top part (``_internal/<name>`` or a launcher); links count nothing."""
    parts: Counter[str] = Counter()
    for path in dist.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(dist).parts
        parts["/".join(relative[:2]) if relative[0] == "_internal" else relative[0]] += (
            path.stat().st_size
        )
    return parts


def test_bundle_is_within_its_size_budget(dist: Path) -> None:
    parts = _sizes(dist)
    total = sum(parts.values()) / 2**20
    largest = ", ".join(f"{name} {size / 2**20:.1f}" for name, size in parts.most_common(8))
    print(f"bundle: {total:.1f} MiB; largest parts (MiB): {largest}")
    assert total <= LIMIT_MIB, f"{total:.1f} MiB > {LIMIT_MIB} MiB; largest parts: {largest}"
