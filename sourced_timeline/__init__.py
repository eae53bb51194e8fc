"""sourced-timeline: YAML event records to a searchable static timeline site.

The distribution is ``sourced-timeline`` (``timeline`` on PyPI is another project, with a
top-level module of that name); the command is ``timeline``, the MkDocs plugin ``timeline``.
The version lives in pyproject.toml alone and is read from the installed metadata.
"""

DISTRIBUTION = "sourced-timeline"
"""The name pip installs this package under."""
