"""Primary suppression: which numbers are unsafe to publish as they are."""

from __future__ import annotations

from carecoord.stats.disclosure_settings import DisclosureSettings
from carecoord.stats.system import LinearSystem

SMALL = "small"  # 1 ≤ persons < k
ZERO = "zero"  # an empty cell, when zeros are configured as disclosive
GROUP = "group"  # every person of a margin is in this one cell (group attribute disclosure)
CHANGED = "changed"  # differs by 1..k−1 from the value an earlier export published


WHOLE = "whole"  # the table as a whole: fewer than k persons, or (round5) a shared attribute


def primary_reasons(system: LinearSystem, settings: DisclosureSettings) -> dict[int, str]:
    """Unsafe numbers and why; margins are numbers too. Counts distinct persons (contributors).

    Group disclosure is always checked (issue 13): the cell holding a whole margin is unsafe, and
    so is its gap (margin − cell, see :mod:`carecoord.stats.system`), which must stay wide.
    """
    reasons: dict[int, str] = {}
    for index, persons in enumerate(system.contributors):
        if index in system.gaps:
            continue
        if 1 <= persons < settings.k:
            reasons[index] = SMALL
        elif persons == 0 and settings.zeros_unsafe:
            reasons[index] = ZERO
    for parent, children, kind in system.relations:
        if kind != "table" or len(children) < 2:
            continue
        everyone = system.contributors[parent]
        if everyone == 0:
            continue
        for child in children:
            if system.contributors[child] == everyone:
                reasons.setdefault(child, GROUP)
    for gap, child in system.gaps.items():
        reasons[gap] = GROUP
        reasons.setdefault(child, GROUP)
    return reasons
