"""Mutation testing of the SDK's pure decision modules: would the tests notice a small change?

``make mutation`` (or ``python scripts/mutation.py``) mutates, one change at a time,
``_retry_after.py``, ``_polling.py`` and ``_retry.py``, runs the module's targeted tests
against each mutant, and prints per module how many mutants the tests killed. It is not part
of ``make test``: a full run takes several minutes.

How it works, deterministically (same source, same tests -> same mutants, same report):

* The module is parsed with :mod:`ast`; each mutation site found by :class:`Sites` yields one
  mutant, written back with :func:`ast.unparse` (comments do not matter to the interpreter).
* Operators: comparisons (``<``/``<=``, ``>``/``>=``, ``==``/``!=``, ``in``/``not in``,
  ``is``/``is not``), arithmetic (``+``/``-``, ``*``/``/``, ``**`` -> ``*``, ``//`` -> ``/``,
  ``|`` -> ``&``), ``and``/``or``, a dropped ``not`` or unary minus, ``min``/``max`` swapped,
  numbers ``n`` -> ``n + 1``, ``True``/``False`` swapped, decision strings (compared, in a
  collection, a ``.get()`` key or a subscript) changed, ``if``/conditional tests negated,
  removed ``raise``, call, ``yield``, augmented-assignment and attribute/item-assignment
  statements, ``return x`` -> ``return None``.
* Not mutated (text or typing, not decisions): the I/O shells in :data:`OUT_OF_SCOPE`,
  docstrings, messages (strings passed to calls,
  f-strings), annotations, imports, ``__slots__``, ``if TYPE_CHECKING`` blocks and logging
  (``logger.*`` calls and ``if logger.isEnabledFor(...)`` tests).
* Each mutant runs in a throw-away copy of the package (symlinks to the working tree, the
  mutated module a real file) put first on ``PYTHONPATH``, so the shared tree is never
  modified. ``pytest -x`` stops at the first failing test; a mutant is *killed* when the tests
  fail or time out (per test ``--timeout``, whole run ``--mutant-timeout``).
* Mutants that cannot change behaviour are listed in :data:`EQUIVALENT` with the reason;
  the score is ``killed / (mutants - equivalent)``. A listed mutant that gets killed, or an
  entry that no longer matches any mutant, is reported so the list stays honest.

Usage::

    python scripts/mutation.py                       # all three modules, 2 workers
    python scripts/mutation.py --module _polling -j 1
    python scripts/mutation.py --list --module _retry_after   # the mutants, not run
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "visgate_sdk"

# Module -> the tests that must notice its mutants (fast, in-process or on loopback servers).
MODULES: dict[str, list[str]] = {
    "_retry_after": ["tests/unit/test_retry_after.py"],
    "_polling": ["tests/unit/test_polling.py"],
    "_retry": ["tests/unit/test_retry.py", "tests/transport/test_retries.py"],
}
MIN_SCORE = 90.0

# The I/O shells around the decisions are not mutated; the transport tests (sockets, event
# loops, real timeouts) cover them, and they would make each mutant run take seconds.
OUT_OF_SCOPE: dict[str, dict[str, str]] = {
    "_retry": {
        "RetryTransport": "the sync send/sleep loop around _Attempts (tests/transport)",
        "AsyncRetryTransport": "the async send/sleep loop around _Attempts (tests/transport)",
        "Lifecycle": "closing a client during calls: threads and event loops (tests/transport)",
        "_asyncio_sleep": "asyncio.sleep itself",
    },
}

# Mutants that behave exactly like the original, keyed "module:qualname: before -> after".
EQUIVALENT: dict[str, str] = {
    "_retry_after:parse_retry_after: 'raw' -> 'XXrawXX'": (
        "only skips a shortcut: httpx.Headers.items() yields lower-case names, so the copy "
        "made for a plain mapping reads the same values"
    ),
    "_polling:<module>: 'RequestStatusResult' -> 'XXRequestStatusResultXX'": (
        "a forward reference inside a type alias, never evaluated at run time"
    ),
    "_retry:_is_tls_failure: return False -> return None": (
        "None is as false as False: the only caller tests the result's truth"
    ),
    "_retry:_Attempts._fits: return False -> return None": (
        "None is as false as False: both callers test `not self._fits(...)`"
    ),
    "_retry:_Attempts.__init__: self.attempt_ends = self.ends_real = float('inf') -> pass": (
        "every loop calls prepare(), which sets both, before anything reads them"
    ),
    "_retry:_is_tls_failure: 8 -> 9": (
        "differs only for a certificate error wrapped 9 deep; httpx/httpcore wrap it 2-3 deep "
        "(the bound only guards against cyclic chains)"
    ),
    "_retry_after:parse_retry_after: '+-' -> 'XX+-XX'": (
        "the set still holds '+' and '-'; it only adds 'X', and no HTTP-date starts with X"
    ),
}


@dataclass
class Mutant:
    module: str
    qualname: str
    line: int
    before: str
    after: str
    source: str = field(repr=False)

    @property
    def key(self) -> str:
        return f"{self.module}:{self.qualname}: {self.before} -> {self.after}"


_COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.Pow: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.BitOr: ast.BitAnd,
}

# A mutation: builds the replacement of the node found at a site's path.
Edit = Callable[[ast.AST], ast.AST]


def _short(node: ast.AST) -> str:
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= 90 else text[:87] + "..."


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _is_logging(node: ast.AST) -> bool:
    """A ``logger.x(...)`` call (or a test made of one): log output, not a decision."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "logger"
    )


class Sites(ast.NodeVisitor):
    """Collects (path, description-after, edit) for every mutation site, in source order."""

    def __init__(self, skip: dict[str, str] | None = None) -> None:
        self.skip = skip or {}
        self.sites: list[tuple[tuple[object, ...], str, ast.AST, str, Edit]] = []
        self._path: list[object] = []
        self._scope: list[str] = []
        self._parents: list[tuple[ast.AST, str]] = [(ast.Module(body=[], type_ignores=[]), "")]

    # -- traversal -----------------------------------------------------------------------------
    def walk(self, node: ast.AST) -> None:
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        self.child(node, name, index, item)
            elif isinstance(value, ast.AST):
                self.child(node, name, None, value)

    def child(self, parent: ast.AST, name: str, index: int | None, node: ast.AST) -> None:
        self._path.append((name, index))
        self._parents.append((parent, name))
        self.visit(node)
        self._parents.pop()
        self._path.pop()

    def generic_visit(self, node: ast.AST) -> None:
        self.walk(node)

    def add(self, node: ast.AST, after: str, edit: Edit, shown: ast.AST | None = None) -> None:
        """Record a mutation of ``node`` (the one at the current path); ``shown`` in reports."""
        qual = ".".join(self._scope) or "<module>"
        if self._scope and self._scope[0] in self.skip:
            return
        self.sites.append((tuple(self._path), qual, shown or node, after, edit))

    # -- skipped zones ---------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        return

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        return

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.child(node, "value", None, node.value)

    def visit_arguments(self, node: ast.arguments) -> None:
        for index, default in enumerate(node.defaults):
            self.child(node, "defaults", index, default)
        for index, kw_default in enumerate(node.kw_defaults):
            if kw_default is not None:
                self.child(node, "kw_defaults", index, kw_default)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        return

    def _body(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self._scope.append(node.name)
        if not isinstance(node, ast.ClassDef):
            self.child(node, "args", None, node.args)
        self._statements(node)
        self._scope.pop()

    def _statements(self, node: ast.AST) -> None:
        for index, stmt in enumerate(node.body):  # type: ignore[attr-defined]
            if not (index == 0 and _is_docstring(stmt)):
                self.child(node, "body", index, stmt)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._body(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._body(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._body(node)

    def visit_Module(self, node: ast.Module) -> None:
        self._statements(node)

    # -- statements ------------------------------------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if "__slots__" in names:
            return
        if all(isinstance(t, ast.Attribute | ast.Subscript) for t in node.targets):
            self.add(node, "pass", lambda n: ast.Pass())
        self.walk(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if _is_logging(node.value):
            return
        if isinstance(node.value, ast.Call | ast.Yield | ast.Await):
            self.add(node, "pass", lambda n: ast.Pass())
        self.walk(node)

    def _to_pass(self, node: ast.AugAssign | ast.Raise) -> None:
        """A statement that becomes ``pass`` whatever it holds."""
        self.add(node, "pass", lambda n: ast.Pass())
        self.walk(node)

    visit_AugAssign = visit_Raise = _to_pass

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        if value is not None and not (isinstance(value, ast.Constant) and value.value is None):
            self.add(node, "return None", lambda n: ast.Return(value=ast.Constant(None)))
        self.walk(node)

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
            return
        if _is_logging(test):
            self._statements(node)
            return
        self._negate(node)
        self.walk(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._negate(node)
        self.walk(node)

    def visit_While(self, node: ast.While) -> None:
        if not (isinstance(node.test, ast.Constant) and node.test.value is True):
            self._negate(node)
        self.walk(node)

    def _negate(self, node: ast.If | ast.IfExp | ast.While) -> None:
        if isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not):
            return  # dropping that ``not`` is the same mutant

        def edit(n: ast.AST) -> ast.AST:
            assert isinstance(n, ast.If | ast.IfExp | ast.While)
            n.test = ast.UnaryOp(op=ast.Not(), operand=n.test)
            return n

        self.add(node, f"not ({_short(node.test)})", edit, shown=node.test)

    # -- expressions -----------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        if _is_logging(node):
            return
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("min", "max"):
            other = "max" if func.id == "min" else "min"

            def swap(n: ast.AST, other: str = other) -> ast.AST:
                assert isinstance(n, ast.Call)
                n.func = ast.Name(id=other, ctx=ast.Load())
                return n

            self.add(node, _short(swap(copy.deepcopy(node))), swap)
        # Positional string arguments are messages; keyword and container ones still count.
        self.child(node, "func", None, func)
        getter = (isinstance(func, ast.Attribute) and func.attr in ("get", "fromkeys")) or (
            isinstance(func, ast.Name) and func.id in ("getattr", "hasattr")
        )
        for index, arg in enumerate(node.args):
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)) or getter:
                self.child(node, "args", index, arg)
        for index, keyword in enumerate(node.keywords):
            self.child(node, "keywords", index, keyword)

    def visit_Compare(self, node: ast.Compare) -> None:
        for index, op in enumerate(node.ops):
            swap = _COMPARE_SWAP.get(type(op))
            if swap is None:
                continue

            def edit(n: ast.AST, index: int = index, swap: type[ast.cmpop] = swap) -> ast.AST:
                assert isinstance(n, ast.Compare)
                n.ops[index] = swap()
                return n

            self.add(node, _short(edit(copy.deepcopy(node))), edit)
        self.walk(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        swap = _BINOP_SWAP.get(type(node.op))
        if swap is not None:

            def edit(n: ast.AST, swap: type[ast.operator] = swap) -> ast.AST:
                assert isinstance(n, ast.BinOp)
                n.op = swap()
                return n

            self.add(node, _short(edit(copy.deepcopy(node))), edit)
        self.walk(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        def edit(n: ast.AST) -> ast.AST:
            assert isinstance(n, ast.BoolOp)
            n.op = ast.Or() if isinstance(n.op, ast.And) else ast.And()
            return n

        self.add(node, _short(edit(copy.deepcopy(node))), edit)
        self.walk(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not | ast.USub):
            self.add(node, _short(node.operand), lambda n: n.operand)  # type: ignore[attr-defined]
        self.walk(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self.add(node, repr(not value), lambda n: ast.Constant(not value))
        elif isinstance(value, int | float):
            self.add(node, repr(value + 1), lambda n: ast.Constant(value + 1))
        elif isinstance(value, str) and self._decision_string():
            changed = f"XX{value}XX"
            self.add(node, repr(changed), lambda n: ast.Constant(changed))

    def _decision_string(self) -> bool:
        """A string that decides something: compared, in a container, a key or a .get() key.

        Positional strings of other calls are messages; visit_Call never visits them.
        """
        parent, name = self._parents[-1]
        if isinstance(parent, ast.Compare | ast.Set | ast.Tuple | ast.List | ast.keyword):
            return True
        if isinstance(parent, ast.Dict):
            return name == "keys"
        if isinstance(parent, ast.Subscript):
            return name == "slice"
        return isinstance(parent, ast.Call)  # only keys (.get(), getattr(), ...) get this far


def _replace(tree: ast.Module, path: tuple[object, ...], edit: Edit) -> ast.Module:
    tree = copy.deepcopy(tree)
    parent: ast.AST = tree
    for step in path[:-1]:
        name, index = step  # type: ignore[misc]
        child = getattr(parent, name)
        parent = child[index] if index is not None else child
    name, index = path[-1]  # type: ignore[misc]
    container = getattr(parent, name)
    target = container[index] if index is not None else container
    new = edit(target)
    if index is not None:
        container[index] = new
    else:
        setattr(parent, name, new)
    return ast.fix_missing_locations(tree)


def mutants(module: str) -> Iterator[Mutant]:
    """Every mutant of ``visgate_sdk/<module>.py``, in source order."""
    source = (PACKAGE / f"{module}.py").read_text()
    tree = ast.parse(source)
    finder = Sites(OUT_OF_SCOPE.get(module))
    finder.visit(tree)
    seen: set[str] = set()
    for path, qualname, node, after, edit in finder.sites:
        mutated = ast.unparse(_replace(tree, path, edit))
        if mutated in seen:
            continue
        seen.add(mutated)
        before = _short(node)
        yield Mutant(module, qualname, getattr(node, "lineno", 0), before, after, mutated)


# -- running ---------------------------------------------------------------------------------------
class Workspace:
    """A copy of the package for one worker: symlinks, except the module being mutated."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="visgate-mutation-"))
        self.package = self.root / "visgate_sdk"
        self.package.mkdir()
        for entry in PACKAGE.iterdir():
            if entry.name != "__pycache__":
                (self.package / entry.name).symlink_to(entry)

    def install(self, module: str, source: str | None) -> None:
        target = self.package / f"{module}.py"
        target.unlink()
        if source is None:
            target.symlink_to(PACKAGE / f"{module}.py")
        else:
            target.write_text(source)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def run_tests(
    space: Workspace, tests: list[str], per_test: float, whole: float
) -> tuple[bool, str]:
    """(passed, tail of the output) of the module's tests against the workspace's package."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(space.root), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # a mutant's .pyc must never be picked up later
    env["VISGATE_HYPOTHESIS_PROFILE"] = "mutation"  # tests/conftest.py: no shrinking
    # Loading every installed plugin (schemathesis, ...) costs more than the tests themselves.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    plugins = ["pytest_timeout", "hypothesis.extra.pytestplugin", "pytest_httpserver"]
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        *(option for plugin in plugins for option in ("-p", plugin)),
        "-o",
        "addopts=",
        f"--timeout={per_test:g}",
        *tests,
    ]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=whole, check=False
        )
    except subprocess.TimeoutExpired:
        return False, "timed out"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=sorted(MODULES), default=None)
    parser.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=float, default=10.0, help="per test, seconds")
    parser.add_argument("--mutant-timeout", type=float, default=120.0, help="per mutant, seconds")
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument("--min-score", type=float, default=MIN_SCORE)
    args = parser.parse_args(argv)
    modules = args.module or list(MODULES)

    if args.list:
        for module in modules:
            for m in mutants(module):
                flag = "  [equivalent]" if m.key in EQUIVALENT else ""
                print(f"{m.module}.py:{m.line}: {m.qualname}: {m.before} -> {m.after}{flag}")
        return 0

    spaces = [Workspace() for _ in range(max(1, args.jobs))]
    free = list(spaces)
    lock = threading.Lock()
    failed_modules = []
    try:
        for module in modules:
            tests = MODULES[module]
            ok, tail = run_tests(spaces[0], tests, args.timeout, args.mutant_timeout)
            if not ok:
                print(f"{module}: the tests fail without any mutation ({tail}); fix them first")
                return 2
            todo = list(mutants(module))
            started = time.monotonic()

            def check(m: Mutant, tests: list[str] = tests) -> tuple[Mutant, bool]:
                with lock:
                    space = free.pop()
                try:
                    space.install(m.module, m.source)
                    survived, _ = run_tests(space, tests, args.timeout, args.mutant_timeout)
                    space.install(m.module, None)
                finally:
                    with lock:
                        free.append(space)
                return m, survived

            with ThreadPoolExecutor(len(spaces)) as pool:
                results = list(pool.map(check, todo))
            survivors = [m for m, survived in results if survived]
            equivalent = [m for m in survivors if m.key in EQUIVALENT]
            killed_but_listed = [
                m for m, survived in results if not survived and m.key in EQUIVALENT
            ]
            live = [m for m in survivors if m.key not in EQUIVALENT]
            stale = {k for k in EQUIVALENT if k.startswith(f"{module}:")} - {m.key for m in todo}
            counted = len(todo) - len(equivalent)
            killed = counted - len(live)
            score = 100.0 * killed / counted if counted else 100.0
            print(
                f"\n{module}.py: {len(todo)} mutants, {len(equivalent)} equivalent, "
                f"{killed}/{counted} killed = {score:.1f}% "
                f"({time.monotonic() - started:.0f}s, tests: {' '.join(tests)})"
            )
            for m in live:
                print(f"  SURVIVED {m.module}.py:{m.line}: {m.qualname}: {m.before} -> {m.after}")
            for m in killed_but_listed:
                print(f"  listed as equivalent but killed (remove it): {m.key}")
            for key in sorted(stale):
                print(f"  equivalent entry matches no mutant (remove it): {key}")
            if score < args.min_score:
                failed_modules.append(module)
    finally:
        for space in spaces:
            space.close()
    if failed_modules:
        print(f"\nbelow {args.min_score:g}%: {', '.join(failed_modules)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
