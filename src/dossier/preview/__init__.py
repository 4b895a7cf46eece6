"""`dossier preview`: a local web page showing the document while its sources are edited.

`server.py` serves it (127.0.0.1 only unless asked), `state.py` re-checks and re-renders on
each save, `watcher.py` notices the saves, `events.py` pushes the new state to the page
(server-sent events), `page.py` adds the preview's panel and script to the rendered HTML,
`safety.py` decides what a request may read, and `printview.py` lays out the pages as the
PDF will print them. Never imported by `dossier check` or `dossier build`.
"""
