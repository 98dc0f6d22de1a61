"""Cut qtawesome's Phosphor font and its character map to the icons CareCoord shows (issue 17).

The font holds 4470 glyphs (1.4 MB, its map 150 KB); ui/icons.py lists the ten or so the app
draws. fontTools (already in the bundle, for ReportLab's and pikepdf's font work) keeps those
glyphs and the font's names, so Qt still reports the family qtawesome looks for.

    python packaging/icon_font.py FONTS_DIR ICON ...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools import subset

TTF = "phosphor-1.3.0.ttf"
CHARMAP = "phosphor-charmap-1.3.0.json"


def cut(fonts: Path, names: list[str]) -> None:
    charmap = json.loads((fonts / CHARMAP).read_text(encoding="utf-8"))
    missing = sorted(set(names) - set(charmap))
    if missing:
        raise SystemExit(f"icon_font.py: not in {CHARMAP}: {missing}")
    kept = {name: charmap[name] for name in sorted(names)}
    options = subset.Options()
    options.layout_features = []  # icon glyphs are reached by code point only
    options.hinting = False
    font = subset.load_font(str(fonts / TTF), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[int(code, 16) for code in kept.values()])
    subsetter.subset(font)
    subset.save_font(font, str(fonts / TTF), options)
    (fonts / CHARMAP).write_text(json.dumps(kept), encoding="utf-8")


if __name__ == "__main__":
    cut(Path(sys.argv[1]), sys.argv[2:])
