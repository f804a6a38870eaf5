"""Demo content for the fictional bilingual municipality Koivula – Björkby.

Each module has `load(stdout)`, which creates what is missing and leaves what exists, and `reset()`,
which deletes what `load` made. `helpers` has the shared tools for making page pairs in fi and sv.
"""
