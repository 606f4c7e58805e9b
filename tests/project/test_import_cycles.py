"""No import circles anywhere in desktop/: every module can be read, and loaded, without the
module it serves.

The graph is grimp's (the library import-linter runs on), built from the source of every module
of the package. What counts as an import:

- an import at the top of a module, and an import inside a function (a lazy import): it runs the
  first time that function is called, so a circle through it is still a circle, only one that
  shows later (a half-initialised module, an ImportError at a counter instead of at start);
- NOT an import under ``if TYPE_CHECKING:``: it never runs, and it exists only so a type checker
  can name a class in an annotation (record.py annotating the mixin it gives the generated
  frozen.py classes).

The layer contracts (which package may import which) are import-linter's, in pyproject.toml; this
test finds circles between any two modules, also inside one layer.
"""

from __future__ import annotations

import grimp

PACKAGE = "desktop"


def import_graph(graph: grimp.ImportGraph, package: str) -> dict[str, set[str]]:
    """Each module of ``package`` and the modules of ``package`` it imports directly."""
    inside = {m for m in graph.modules if m == package or m.startswith(package + ".")}
    return {m: {d for d in graph.find_modules_directly_imported_by(m) if d in inside} for m in inside}


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (or a module importing itself), sorted.

    Tarjan's algorithm, iterative so a deep package cannot hit the recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges.get(node, ()):
                    cycles.append(sorted(group))
    return sorted(cycles)


def describe(graph: grimp.ImportGraph, edges: dict[str, set[str]], cycle: list[str]) -> str:
    """The imports that close a circle, each with its line numbers."""
    lines = [" <-> ".join(cycle)]
    for importer in cycle:
        for imported in sorted(edges[importer] & set(cycle)):
            where = sorted(d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported))
            lines.append(f"    {importer} imports {imported} (line {', '.join(map(str, where))})")
    return "\n".join(lines)


def test_no_import_cycles_in_desktop() -> None:
    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True, cache_dir=None)
    edges = import_graph(graph, PACKAGE)
    assert len(edges) > 50, "the graph did not find the package's modules"
    cycles = import_cycles(edges)
    assert cycles == [], "import circles:\n" + "\n".join(describe(graph, edges, c) for c in cycles)


def test_a_lazy_import_closing_a_circle_is_found() -> None:
    """The check itself: a circle closed only by an import inside a function is reported, and
    one closed only under TYPE_CHECKING is not (the two readings the test above relies on)."""
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d", "pkg.e"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b", line_number=3, line_contents="from pkg import b")
    graph.add_import(importer="pkg.b", imported="pkg.c", line_number=4, line_contents="from pkg import c")
    # inside a function of c: grimp records it like any other import
    graph.add_import(importer="pkg.c", imported="pkg.a", line_number=40, line_contents="from pkg import a")
    graph.add_import(importer="pkg.d", imported="pkg.e", line_number=5, line_contents="from pkg import e")
    edges = import_graph(graph, "pkg")
    assert import_cycles(edges) == [["pkg.a", "pkg.b", "pkg.c"]]
    assert "pkg.c imports pkg.a (line 40)" in describe(graph, edges, ["pkg.a", "pkg.b", "pkg.c"])
    assert import_cycles({"x": {"x"}}) == [["x"]]
    assert import_cycles({"x": {"y"}, "y": set()}) == []


def test_type_checking_imports_are_left_out_and_lazy_ones_kept(tmp_path, monkeypatch) -> None:
    """grimp's two switches do what the module docstring says, on a real package on disk."""
    package = tmp_path / "cyclepkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cyclepkg import b\n", encoding="utf-8"
    )
    (package / "b.py").write_text("import cyclepkg.a\n", encoding="utf-8")
    (package / "c.py").write_text("def f():\n    from cyclepkg import d\n", encoding="utf-8")
    (package / "d.py").write_text("import cyclepkg.c\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("cyclepkg", exclude_type_checking_imports=True, cache_dir=None)
    assert import_cycles(import_graph(graph, "cyclepkg")) == [["cyclepkg.c", "cyclepkg.d"]]
