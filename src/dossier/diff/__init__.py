"""What changed between two drafts of a dossier: data, boundaries and prose (issue 19).

`compare(old, new)` gives a `DiffReport` grouped by the official sections; `text.format_text`
and `report.to_json` print it; `redline.redline(old_doc, new_doc)` marks the changes in the
document model for the HTML and PDF renderers. Each side is a dossier folder or a git
revision of one, read by `sides.open_side`.
"""
