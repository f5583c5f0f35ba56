"""Dependencies point one way, checked over the source, not by a hand list of imports.

Every `import` and `from ... import` in the project's packages is read with `ast`, including the
lazy ones inside functions, and so are `apps.get_model("app", ...)` calls (an import by another
name). A package may import only itself and the packages of lower layers; no group of modules may
import each other round in a cycle. A new top-level package must be given its layer here (and in
docs/architecture.md) before it can land.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lower layers first. Packages of one layer do not import each other.
LAYERS = [
    {"common"},  # no domain: form fields, paging, display filters, spreadsheets, text folding
    {"jobs"},  # background-job plumbing: knows no domain
    {"notifications"},  # notices, e-mail, reminders: knows no domain, rules are registered from above
    {"partnerships"},  # the domain
    {"inspections"},  # inspections and reviews, built on the domain; the annual report reads them
    {"reports"},  # built on the domain and the inspections
    {"portal", "api"},  # the top: pages across apps, the read API
    {"ketnghia"},  # settings and root URLs wire everything together
]
LAYER_OF = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}
NOT_CODE = {"tests", "bench", "node_modules", "static", "templates", "locale", "docs", "media", "staticfiles"}


def _packages() -> list[str]:
    return sorted(
        p.name for p in ROOT.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and not p.name.startswith(".") and p.name not in NOT_CODE
    )


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    modules = {}
    for package in _packages():
        for path in (ROOT / package).rglob("*.py"):
            modules[_module_name(path)] = path
    return modules


def _imports(name: str, path: Path, modules: dict) -> set[str]:
    """Project modules that module `name` imports, anywhere in its body. (In a migration,
    `apps.get_model` reads the historical models, not live code: it is no import there.)"""
    reads_get_model = "migrations" not in name.split(".")
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}" if base else alias.name
                found.add(candidate if candidate in modules else base)
        elif (
            reads_get_model
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value.split(".")[0])
    resolved = set()
    for target in found:
        # `import a.b.c` or a name inside a module: the nearest project module that holds it.
        while target and target not in modules and "." in target:
            target = target.rsplit(".", 1)[0]
        if target in modules and target != name:
            resolved.add(target)
    return resolved


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_every_package_has_a_layer():
    missing = [p for p in _packages() if p not in LAYER_OF]
    assert not missing, f"give these packages a layer in tests/test_import_graph.py and docs/architecture.md: {missing}"


def test_no_import_goes_up_or_sideways():
    wrong = []
    for module, targets in _graph().items():
        here = module.split(".")[0]
        if "migrations" in module.split("."):
            continue  # checked below: migrations import no project code at all
        for target in targets:
            there = target.split(".")[0]
            if there != here and LAYER_OF.get(there, -1) >= LAYER_OF.get(here, -1):
                wrong.append(f"{module} → {target}")
    assert not wrong, "imports against common ← jobs ← partnerships ← reports ← portal/api:\n" + "\n".join(sorted(wrong))


def test_migrations_import_no_project_code():
    """Each migration is self-contained: no other migration, no live app code (which changes later)."""
    wrong = [
        f"{module} → {target}"
        for module, targets in _graph().items()
        if "migrations" in module.split(".")
        for target in targets
    ]
    assert not wrong, "\n".join(sorted(wrong))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, on_stack, stack, result, counter = {}, {}, set(), [], [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_no_import_cycle():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_the_checker_sees_lazy_imports_and_get_model(tmp_path):
    """The rules would be empty words if the reader missed an import inside a function."""
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from reports import selectors\n    apps.get_model('portal', 'X')\n")
    modules = {"reports.selectors": None, "portal": None, "x": None}
    assert _imports("x", source, modules) == {"reports.selectors", "portal"}
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
