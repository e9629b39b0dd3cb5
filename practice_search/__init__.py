"""Practice Search: full-text, faceted search over the Intercultural Cities good-practice pages.

The subpackages follow the data: `ingest` (pages -> `Practice` records) -> `index` (Whoosh
generations) -> `search` (queries -> results) -> `web` and `cli`. In the source tree they are the
top-level folders of the same names, mapped into this package by setuptools' `package-dir`.
"""
