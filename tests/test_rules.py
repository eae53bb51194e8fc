"""The rule registry (``sourced_timeline.checks``): every rule declared is registered, once,
explicitly; every code the checker emits comes from a rule (a ``Code`` is made only there, which
mypy holds every other module to); and every entry's bad example produces its code while the
fixed one does not."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from sourced_timeline.check import check_folder
from sourced_timeline.checks.examples import EXAMPLE_DATA, EXAMPLE_EVENT
from sourced_timeline.checks.registry import EVENT_RULES, MODULES, RULES
from sourced_timeline.checks.rule import Example, Rule
from tests.conftest import TODAY
from tests.sitebuild import ROOT

EVENT = EXAMPLE_EVENT


def _blocks(text: str) -> list[tuple[str, str]]:
    """Top-level YAML blocks: (key, the block's lines)."""
    blocks: list[tuple[str, str]] = []
    for line in text.splitlines(keepends=True):
        if line[:1] not in (" ", "-", "#", "") and not line.startswith("\t"):
            blocks.append((re.split(r"[:\s]", line, maxsplit=1)[0], line))
        elif blocks:
            key, body = blocks[-1]
            blocks[-1] = (key, body + line)
    return blocks


def patched(text: str, patch: str, remove: tuple[str, ...]) -> str:
    """The event text with the patch's top-level fields in place of its own, ``remove`` dropped."""
    patch_blocks = _blocks(patch if patch.endswith("\n") or not patch else patch + "\n")
    replaced = {key for key, _ in patch_blocks} | set(remove)
    kept = [body for key, body in _blocks(text) if key not in replaced]
    return "".join(kept) + "".join(body for _, body in patch_blocks)


def apply(example: Example, data: Path) -> None:
    """Make the example's change to a copy of the examples' data."""
    event = data / EVENT
    if example.other_file:
        (data / example.other_file).write_text(
            patched(event.read_text(), example.other, ()), encoding="utf-8"
        )
    event.write_text(patched(event.read_text(), example.event, example.remove), encoding="utf-8")
    for name, lines in (("actors", example.actors), ("sources", example.sources), ("series", example.series)):
        if lines:
            with open(data / f"{name}.yaml", "a", encoding="utf-8") as handle:
                handle.write(lines + "\n")
    if example.summary:
        (data / "summary.yaml").write_text(example.summary, encoding="utf-8")
    if example.vocabulary:
        (data / "vocabulary.yaml").write_text(example.vocabulary, encoding="utf-8")
    kind, _, argument = example.special.partition(":")
    if kind == "raw":
        event.write_text(argument, encoding="utf-8")
    elif kind == "bytes":
        event.write_bytes(argument.encode("latin-1"))
    elif kind == "copy":
        (data / argument).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(event, data / argument)
    elif kind == "symlink":
        os.symlink(event, data / "events" / "2026" / "2026-03-01-link.yaml")
    elif kind == "fifo":
        os.mkfifo(data / "events" / "2026" / "2026-03-01-pipe.yaml")
    elif kind == "no-topics":
        (data / "topics.yaml").unlink()
    if example.file:
        (data / example.file).parent.mkdir(parents=True, exist_ok=True)
        event.rename(data / example.file)


def codes_for(example: Example, tmp_path: Path) -> set[str]:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    apply(example, data)
    _, problems = check_folder(data, dt.date.fromisoformat(TODAY))
    return {problem.code for problem in problems}


@pytest.mark.parametrize("code", sorted(RULES))
def test_each_rule_s_bad_example_produces_it_and_its_fixed_example_does_not(code, tmp_path):
    rule = RULES[code]
    assert rule.doc and rule.level in ("error", "warning", "notice")
    assert code in codes_for(rule.bad, tmp_path / "bad"), "the bad example does not produce the code"
    assert code not in codes_for(rule.fixed, tmp_path / "fixed"), "the fixed example still produces it"


def test_every_rule_declared_in_the_package_is_registered_once_and_nothing_else_is():
    """Registration is explicit (no module registers itself on import): a rule left out of
    ``registry`` would never run nor be documented."""
    import ast
    import importlib
    import pkgutil

    import sourced_timeline.checks as package

    declared: dict[str, list[Rule]] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name != "registry":
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            assert module.__file__ is not None
            # The rules a module assigns at its top level (not those it imports).
            assigned = [
                target.id
                for node in ast.parse(Path(module.__file__).read_text(encoding="utf-8")).body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            ]
            found = [getattr(module, name) for name in assigned if isinstance(getattr(module, name), Rule)]
            if found:
                declared[module.__name__] = found
    rules = [rule for found in declared.values() for rule in found]
    assert sorted(rule.code for rule in rules) == sorted(RULES)  # each once
    assert all(RULES[rule.code] is rule for rule in rules)
    assert {module.__name__ for module in MODULES} == set(declared)


def test_two_rules_with_one_code_are_refused():
    from sourced_timeline.checks import registry

    with pytest.raises(registry.DuplicateCode, match="unknown-ref"):
        registry._by_code((*EVENT_RULES, EVENT_RULES[0]))


def test_every_problem_the_checker_reports_names_a_registered_rule(tmp_path):
    """Whatever the examples' changes make the checker report, its code is a rule's."""
    reported = set()
    for code, rule in RULES.items():
        reported |= codes_for(rule.bad, tmp_path / code)
    assert reported and reported <= set(RULES)


def test_the_checker_runs_the_registry():
    assert {rule.code for rule in EVENT_RULES} >= {"unknown-ref", "stale-plan", "actor-not-listed"}
    assert all(rule.stage == "rules" and rule.check is not None for rule in EVENT_RULES)
    assert all(rule.check is None for rule in RULES.values() if rule.stage != "rules")


def test_the_examples_data_checks_clean_and_speaks_of_no_site_s_subject():
    """The examples change made-up data that is itself valid, and neither it nor the Problem
    codes page made from it names an actor, place or topic of this project's own site."""
    import yaml

    from sourced_timeline.pages import problems_page

    _, problems = check_folder(EXAMPLE_DATA, dt.date.fromisoformat(TODAY))
    assert problems == []
    page = problems_page().html
    assert "third-hearing" in page  # the example data is shown
    names = set()
    for registry in ("actors", "places", "topics"):
        for entry in yaml.safe_load(
            (ROOT / "data" / f"{registry}.yaml").read_text(encoding="utf-8")
        ).values():
            names |= {entry["name"], *entry.get("aliases", [])}
    assert names and not [name for name in names if name in page]
