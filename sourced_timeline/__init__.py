"""sourced-timeline: YAML event records to a searchable static timeline site.

The distribution is ``sourced-timeline`` (``timeline`` on PyPI is another project, with a
top-level module of that name); the command is ``timeline``, the MkDocs plugin ``timeline``.
The version lives in pyproject.toml alone and is read from the installed metadata.
"""

DISTRIBUTION = "sourced-timeline"
"""The name pip installs this package under."""


def installed_version() -> str | None:
    """The installed distribution's version (pyproject.toml's, through the package metadata);
    None when the package runs from a source tree that was never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return None
