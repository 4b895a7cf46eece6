"""Rewrite the packs of the world-context layers from their GeoJSON files.

``make_context_data.py`` writes each ``<layer>.pack`` with its ``<layer>.geojson.gz``; run
this after changing a GeoJSON file any other way (it reads only the shipped files):

    python tools/pack_context_data.py [src/dossier/geo/data/world]

``dossier.geo.worldpack.pack`` refuses to write a pack that does not give back the GeoJSON's
features exactly; tests/geo/test_worldpack.py fails while a pack is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_context_data import LAYERS, write_pack  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[1] / "src" / "dossier" / "geo" / "data" / "world"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else DEFAULT
    for layer in LAYERS:
        packed = write_pack(folder / f"{layer}.geojson.gz")
        print(f"{layer}: {packed.stat().st_size:,} bytes -> {packed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
