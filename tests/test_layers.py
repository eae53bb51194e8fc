"""scripts/check_layers.py (run by `make lint`): process-wide effects only in the runtime layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.check_layers import PACKAGE, breaches, check, cycles, imports, private_uses


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import gc\n", "imports gc"),
        ("from signal import SIGTERM\n", "imports from signal"),
        ("import os\nos.fork()\n", "calls os.fork"),
        ("import multiprocessing as m\nm.get_context('fork')\n", 'asks multiprocessing for a "fork" context'),
        ("FOLDER = '/dev/shm'\n", "names /dev/shm"),
    ],
)
def test_each_process_wide_effect_is_found(source, what):
    assert [found for _, found in breaches(source)] == [what]


def test_words_in_docstrings_and_other_names_are_not_effects():
    source = '"""Writes to /dev/shm; stops on signal.SIGTERM."""\nimport os\nos.getpid()\nx = "fork"\n'
    assert list(breaches(source)) == []


def test_the_package_keeps_them_in_its_runtime_layer(tmp_path: Path):
    assert check(PACKAGE) == []
    (tmp_path / "runtime").mkdir()
    (tmp_path / "runtime" / "collector.py").write_text("import gc\n")
    (tmp_path / "plugin.py").write_text("import gc\ngc.freeze()\n")
    assert check(tmp_path) == [f"{tmp_path / 'plugin.py'}:1: imports gc"]


def test_the_package_has_no_import_cycle_and_one_is_found(tmp_path: Path):
    assert cycles(imports(PACKAGE)) == []
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "problems.py").write_text("def f():\n    from pkg.report import g\n")  # inside a function too
    (package / "report.py").write_text("from pkg.problems import f\n")
    (package / "alone.py").write_text("from pkg import report\n")
    assert cycles(imports(package)) == [["pkg.problems", "pkg.report"]]


def test_private_names_of_mkdocs_are_found_outside_the_compat_module(tmp_path: Path):
    source = (
        "from mkdocs.structure.pages import Page\n"
        "class Built(Page):\n    def _set_canonical_url(self, base): ...\n"
        "def wake(server):\n    server._want_rebuild = True\n    self._mine = 1\n"
    )
    assert sorted(what for _, what in private_uses(source)) == [
        "overrides the private method _set_canonical_url",
        "uses the private attribute _want_rebuild",
    ]
    assert list(private_uses("import argparse\nargparse.ArgumentParser()._actions\n")) == []  # not MkDocs
    (tmp_path / "plugin.py").write_text(source)
    (tmp_path / "mkdocs_compat.py").write_text(source)
    assert {line.split(": ", 1)[0] for line in check(tmp_path)} == {
        f"{tmp_path / 'plugin.py'}:3",
        f"{tmp_path / 'plugin.py'}:5",
    }
