"""A ticket's state has one writer: models/handling.py's _write_step (and take_request's creation)."""
import ast
from pathlib import Path

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
WRITER = ("models/handling.py", "_write_step")
CREATION = ("models/handling.py", "take_request")


def state_writes(tree):
    """(function, line) of every Ticket.update/create/insert with state=, and every `x.state = …`."""
    found = []

    def visit(node, function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Call) and _is_ticket_write(node.func) and any(
                k.arg == "state" or k.arg is None for k in node.keywords):
            found.append((function, node.lineno))
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "state" for t in targets):
                found.append((function, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


def _is_ticket_write(func):
    return (isinstance(func, ast.Attribute) and func.attr in ("update", "create", "insert", "insert_many", "replace")
            and isinstance(func.value, ast.Name) and func.value.id == "Ticket")


def test_nothing_outside_the_one_writer_assigns_a_tickets_state():
    strays = []
    for path in sorted(WEBAPP.rglob("*.py")):
        module = path.relative_to(WEBAPP).as_posix()
        for function, line in state_writes(ast.parse(path.read_text(encoding="utf-8"))):
            if (module, function) not in (WRITER, CREATION):
                strays.append(f"{module}:{line} in {function}")
    assert strays == []


def test_the_check_sees_a_stray_write():
    stray = ast.parse("def reopen(t):\n    Ticket.update(state='dispatched').execute()\n    t.state = 'new'\n")
    assert state_writes(stray) == [("reopen", 2), ("reopen", 3)]


def test_the_writer_and_the_creation_are_the_only_writes_found():
    tree = ast.parse((WEBAPP / "models/handling.py").read_text(encoding="utf-8"))
    assert {function for function, _ in state_writes(tree)} == {"_write_step", "take_request"}
