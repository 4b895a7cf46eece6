"""Boundaries, areas, central points and maps computed from the dossier's GeoJSON files.

Modules stay cheap to import: shapely and pyproj are imported inside the functions
that need them, and fastkml/pyshp only by ``export``. Maps are SVG text; turning them
into PNG is the renderers' business (dossier.render.raster).
"""
