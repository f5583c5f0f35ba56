"""No dead code (issue 9): the names the restructuring removed stay removed, the target-area rule
has one definition, no package is empty, and no module of the source imports a name it never uses.

Read over the source with `ast`, like the import graph. Tests are left out of the import check
(pytest fixtures are imported to be used by name).
"""

import ast
import re

from tests.test_import_graph import ROOT, _packages


def _source_files():
    for package in _packages():
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _defined(tree) -> set[str]:
    return {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def test_removed_names_stay_removed_and_target_area_has_one_home():
    definitions = {}
    for path in _source_files():
        for name in _defined(ast.parse(path.read_text(encoding="utf-8"))):
            definitions.setdefault(name, []).append(path.relative_to(ROOT).as_posix())
    # Gone with issue 9: role helpers read in templates, the name that hid administrators, the
    # evaluation settings a GET used to create.
    for name in ("has_role", "primary_role", "is_coordinator", "ensure_year_settings"):
        assert name not in definitions, (name, definitions.get(name))
    assert definitions["is_target_area"] == ["partnerships/geography.py"]


def test_no_empty_package():
    """A package holds code (the empty `views/` package was one)."""
    empty = []
    for init in (init for top in [*_packages(), "tests"] for init in (ROOT / top).rglob("__init__.py")):
        package = init.parent
        if not any(p for p in package.iterdir() if p.name != "__init__.py" and p.name != "__pycache__"):
            empty.append(package.relative_to(ROOT).as_posix())
    assert not empty, empty


def _unused_imports(path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {}
    for node in tree.body:  # module-level imports; the lazy ones inside functions are used at once
        if isinstance(node, (ast.Import, ast.ImportFrom)) and "noqa" not in source.splitlines()[node.lineno - 1]:
            for alias in node.names:
                imported[(alias.asname or alias.name).split(".")[0]] = node.lineno
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    exported = re.findall(r"[\"'](\w+)[\"']", source)  # __all__, string annotations, getattr by name
    return [f"{path.relative_to(ROOT)}:{line} {name}" for name, line in imported.items()
            if name not in used and name not in exported and name != "annotations"]


def test_no_module_imports_what_it_does_not_use():
    unused = [hit for path in _source_files() if path.name != "__init__.py" for hit in _unused_imports(path)]
    assert not unused, unused
