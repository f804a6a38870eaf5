"""Demo content for the fictional bilingual municipality Koivula – Björkby, loaded by `manage.py load_demo`.

The wiring layer: it may use every module. One module per area (site, directory, feedback, proposals, events)
holds the facts and has `load(stdout)`, which creates what is missing and leaves what exists, and `reset()`,
which deletes what `load` made. The texts are in content/{fi,sv}/ (see content/README.md); `helpers` reads
them and makes the pairs of pages and snippets in fi and sv with `kumppanuus.translations`.
"""
