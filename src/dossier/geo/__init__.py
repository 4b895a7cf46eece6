"""Boundaries, areas, central points and maps computed from the dossier's GeoJSON files.

Modules stay cheap to import: shapely and pyproj are imported inside the functions
that need them, and cairosvg/fastkml/pyshp only by ``maps.svg_to_png`` and ``export``.
"""
