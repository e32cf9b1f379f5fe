"""Call activities: the called process exists in the deployment, and no chain of calls comes back.

A process that calls itself (directly or through others) would nest without bound; SpiffWorkflow
builds such a spec and the case fails at run time, so it is refused at validate, at the call that
closes the cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.bpmn.sources import BPMN_NS, FileSet
from engine.errors import Problem


@dataclass(frozen=True)
class Call:
    path: str
    line: int
    element_id: str | None
    caller: str
    called: str | None


def calls_in(file_set: FileSet) -> list[Call]:
    """Every call activity of every process (including those inside embedded subprocesses)."""
    found = []
    for path, tree in file_set.bpmn_trees():
        for process in tree.getroot().iter(f"{{{BPMN_NS}}}process"):
            for call in process.iter(f"{{{BPMN_NS}}}callActivity"):
                called = (call.get("calledElement") or "").strip() or None
                found.append(Call(path, call.sourceline or 1, call.get("id"), process.get("id"), called))
    return found


def process_ids(file_set: FileSet) -> set[str]:
    return {
        process.get("id")
        for _path, tree in file_set.bpmn_trees()
        for process in tree.getroot().iter(f"{{{BPMN_NS}}}process")
        if process.get("id")
    }


def check_calls(file_set: FileSet) -> tuple[list[Problem], set[str]]:
    """Problems, and the processes that cannot be built (they call a missing process, maybe indirectly)."""
    known = process_ids(file_set)
    calls = calls_in(file_set)
    problems, broken = [], set()
    for call in calls:
        if call.called is None:
            problems.append(
                Problem(
                    call.path, call.line, call.element_id, "Wywołanie procesu nie wskazuje procesu (calledElement)."
                )
            )
            broken.add(call.caller)
        elif call.called not in known:
            message = f"Wywoływany proces „{call.called}” nie istnieje w tym wdrożeniu."
            problems.append(Problem(call.path, call.line, call.element_id, message))
            broken.add(call.caller)
    problems += _cycles(calls)
    return problems, _callers_of(broken, calls)


def _callers_of(broken: set[str], calls: list[Call]) -> set[str]:
    """``broken`` plus every process that calls one of them, directly or not."""
    result = set(broken)
    changed = True
    while changed:
        changed = False
        for call in calls:
            if call.called in result and call.caller not in result:
                result.add(call.caller)
                changed = True
    return result


def _cycles(calls: list[Call]) -> list[Problem]:
    """One problem per call that closes a cycle of calls (found by depth-first search, no recursion)."""
    edges: dict[str, list[Call]] = {}
    for call in calls:
        if call.called:
            edges.setdefault(call.caller, []).append(call)
    problems, done = [], set()
    for start in sorted(edges):
        if start in done:
            continue
        path = [start]
        stack = [iter(edges.get(start, []))]
        on_path = {start}
        while stack:
            call = next(stack[-1], None)
            if call is None:
                stack.pop()
                finished = path.pop()
                done.add(finished)
                on_path.discard(finished)
                continue
            if call.called in on_path:
                chain = " → ".join(path[path.index(call.called) :] + [call.called])
                message = (
                    f"Wywołania procesów tworzą rekurencję: {chain}. Silnik nie uruchamia procesu, "
                    "który wywołuje sam siebie (wprost lub przez inne procesy)."
                )
                problems.append(Problem(call.path, call.line, call.element_id, message))
            elif call.called not in done:
                path.append(call.called)
                on_path.add(call.called)
                stack.append(iter(edges.get(call.called, [])))
    return problems
