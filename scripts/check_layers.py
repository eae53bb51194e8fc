"""The house's layering, checked (`make lint`): no import cycle among the package's modules
(counting imports made inside functions), and process-wide effects in
``sourced_timeline/runtime/`` alone. Outside it, no module imports ``gc`` or ``signal``,
calls ``os.fork``, asks multiprocessing for a ``"fork"`` context, or names ``/dev/shm``; and
private names of MkDocs and Material only in ``sourced_timeline/mkdocs_compat.py``.

    python scripts/check_layers.py [PACKAGE_FOLDER]

Read from each module's syntax tree, not its text: a docstring that mentions SIGTERM or
/dev/shm is fine. Prints each breach as path:line: what, and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sourced_timeline"
RUNTIME = "runtime"
"""The one subpackage that may touch the process as a whole."""
PROCESS_MODULES = {"gc", "signal"}


def breaches(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each process-wide effect a module's source makes."""
    tree = ast.parse(source)
    docstrings = {
        id(statement.value)
        for node in ast.walk(tree)
        if isinstance(body := getattr(node, "body", None), list)
        for statement in body
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PROCESS_MODULES:
                    yield node.lineno, f"imports {alias.name}"
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PROCESS_MODULES:
            yield node.lineno, f"imports from {node.module}"
        elif isinstance(node, ast.Attribute) and node.attr in ("fork", "forkpty") and _is_os(node.value):
            yield node.lineno, f"calls os.{node.attr}"
        elif isinstance(node, ast.Call) and _asks_for_fork(node):
            yield node.lineno, 'asks multiprocessing for a "fork" context'
        elif _names_shared_memory(node) and id(node) not in docstrings:
            yield node.lineno, "names /dev/shm"


def _names_shared_memory(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and "/dev/shm" in node.value


def _is_os(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "os"


def _asks_for_fork(call: ast.Call) -> bool:
    function = call.func
    named = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return named == "get_context" and any(
        isinstance(argument, ast.Constant) and argument.value == "fork" for argument in call.args
    )


COMPAT = "mkdocs_compat.py"
"""The one module that may use MkDocs' and Material's private names."""
ENGINES = ("mkdocs", "material")


def private_uses(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each private name of MkDocs or Material a module uses: in a module that
    imports either, an attribute ``x._name`` of anything but ``self``/``cls``, and a method
    ``_name`` of a class built on one of their classes."""
    tree = ast.parse(source)
    engine_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ENGINES
        for alias in node.names
    }
    imports_engine = bool(engine_names) or any(
        isinstance(node, ast.Import) and any(a.name.split(".")[0] in ENGINES for a in node.names)
        for node in ast.walk(tree)
    )
    if not imports_engine:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "os", "sys")):
                yield node.lineno, f"uses the private attribute {node.attr}"
        elif isinstance(node, ast.ClassDef) and any(
            isinstance(base, ast.Name) and base.id in engine_names for base in node.bases
        ):
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and _private(member.name):
                    yield member.lineno, f"overrides the private method {member.name}"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def check(package: Path = PACKAGE) -> list[str]:
    """Every breach in the package's modules, as 'path:line: what': a process-wide effect
    outside its runtime layer, a private name of MkDocs or Material outside its compat module."""
    found = []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if path.relative_to(package).parts[0] != RUNTIME:
            found += [f"{path}:{line}: {what}" for line, what in breaches(source)]
        if path.name != COMPAT:
            found += [f"{path}:{line}: {what}" for line, what in private_uses(source)]
    return found


def imports(package: Path) -> dict[str, set[str]]:
    """Each module of the package (dotted, from the package's name) and the package modules
    it imports anywhere in its code."""
    names = {}
    for path in package.rglob("*.py"):
        parts = path.with_suffix("").relative_to(package.parent).parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found |= {
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in names else node.module
                    for a in node.names
                }
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
        graph[name] = {target for target in found if target in names and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every set of modules that import one another in a circle (strongly connected, more than one)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return found


def main() -> int:
    package = Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE
    found = [f"import cycle: {' <-> '.join(circle)}" for circle in cycles(imports(package))]
    found += check(package)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} breach(es): break the cycles, move the rest into {RUNTIME}/ or {COMPAT}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
