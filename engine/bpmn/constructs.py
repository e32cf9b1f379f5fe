"""Which BPMN constructs the engine runs, and the check that refuses the others at validate.

A diagram that ``validate`` accepts must run to its end; a construct the engine does not run is
refused here with its file, line and id, never accepted and left to fail in a case. The table in
docs/modelling-conventions.md follows ``REFUSED`` and the conformance suite in
tests/engine/conformance/ (one diagram per supported construct).
"""

from __future__ import annotations

from lxml import etree

from engine.bpmn.sources import BPMN_NS, FileSet
from engine.errors import Problem

_INSTEAD_OF_SERVICE = "użyj zadania skryptowego albo wiadomości wysyłanej do integracji"

#: Elements (local names in the BPMN namespace) refused wherever they appear, with the reason.
REFUSED = {
    "serviceTask": (
        f"Zadanie usługowe (serviceTask) nie jest obsługiwane: silnik nie wywołuje usług; {_INSTEAD_OF_SERVICE}."
    ),
    "complexGateway": "Bramka złożona (complexGateway) nie jest obsługiwana.",
    "adHocSubProcess": "Podproces ad hoc (adHocSubProcess) nie jest obsługiwany.",
    "transaction": "Transakcja (transaction) nie jest obsługiwana: użyj podprocesu ze zdarzeniem brzegowym błędu.",
    "dataStoreReference": "Magazyn danych (dataStoreReference) nie jest obsługiwany: dane sprawy są danymi zadań.",
    "dataStore": "Magazyn danych (dataStore) nie jest obsługiwany: dane sprawy są danymi zadań.",
    "standardLoopCharacteristics": "Pętla standardowa nie jest obsługiwana: użyj wielu instancji (multiInstance).",
    "complexBehaviorDefinition": "Złożone zachowanie wielu instancji nie jest obsługiwane.",
    "conditionalEventDefinition": "Zdarzenie warunkowe nie jest obsługiwane: użyj bramki z warunkiem.",
    "compensateEventDefinition": "Kompensacja nie jest obsługiwana.",
    "cancelEventDefinition": "Zdarzenie anulowania nie jest obsługiwane (wymaga transakcji).",
    "signalEventDefinition": "Sygnały nie są obsługiwane: użyj wiadomości.",
    "escalationEventDefinition": "Eskalacja nie jest obsługiwana: użyj błędu albo wiadomości.",
    "linkEventDefinition": "Zdarzenia łączące (link) nie są obsługiwane: narysuj przepływ.",
    "globalTask": "Zadania globalne nie są obsługiwane.",
    "globalUserTask": "Zadania globalne nie są obsługiwane.",
    "globalScriptTask": "Zadania globalne nie są obsługiwane.",
    "globalManualTask": "Zadania globalne nie są obsługiwane.",
    "globalBusinessRuleTask": "Zadania globalne nie są obsługiwane.",
    "choreography": "Choreografie nie są obsługiwane.",
    "choreographyTask": "Choreografie nie są obsługiwane.",
    "subChoreography": "Choreografie nie są obsługiwane.",
    "callChoreography": "Choreografie nie są obsługiwane.",
    "callConversation": "Konwersacje nie są obsługiwane.",
    "subConversation": "Konwersacje nie są obsługiwane.",
}

_EVENT_DEFINITIONS = frozenset(
    f"{{{BPMN_NS}}}{name}"
    for name in (
        "messageEventDefinition",
        "timerEventDefinition",
        "errorEventDefinition",
        "terminateEventDefinition",
        "signalEventDefinition",
        "escalationEventDefinition",
        "conditionalEventDefinition",
        "compensateEventDefinition",
        "cancelEventDefinition",
        "linkEventDefinition",
    )
)
_RUNNABLE = frozenset(
    f"{{{BPMN_NS}}}{name}" for name in ("startEvent", "userTask", "manualTask", "scriptTask", "task", "callActivity")
)
_CATCH_AFTER_GATEWAY = ("messageEventDefinition", "timerEventDefinition")


def check_constructs(file_set: FileSet) -> list[Problem]:
    """Refused elements, non-executable processes, event subprocesses, start and gateway events."""
    problems = []
    for path, tree in file_set.bpmn_trees():
        root = tree.getroot()
        problems += _refused_elements(file_set, path, root)
        for process in root.iter(f"{{{BPMN_NS}}}process"):
            problems += _process_problems(file_set, path, process)
    return problems


def _q(name: str) -> str:
    return f"{{{BPMN_NS}}}{name}"


def _at(path: str, element, message: str) -> Problem:
    """A problem at ``element``; an element without id takes the id of the nearest ancestor with one."""
    owner = element
    while owner is not None and not owner.get("id"):
        owner = owner.getparent()
    element_id = owner.get("id") if owner is not None else None
    return Problem(path, element.sourceline or 1, element_id, message)


def _refused_elements(file_set: FileSet, path: str, root) -> list[Problem]:
    problems = []
    for element in root.iter(etree.Element):
        qname = etree.QName(element)
        if qname.namespace != BPMN_NS:
            continue
        message = REFUSED.get(qname.localname)
        if message:
            problems.append(_at(path, element, message))
        elif element.get("isForCompensation", "false").lower() == "true":
            problems.append(_at(path, element, REFUSED["compensateEventDefinition"]))
    return problems


def is_executable(process) -> bool:
    """Missing ``isExecutable`` counts as executable (older tools leave it out)."""
    return process.get("isExecutable", "true").strip().lower() == "true"


def _process_problems(file_set: FileSet, path: str, process) -> list[Problem]:
    if not is_executable(process):
        if any(child.tag in _RUNNABLE for child in process):
            name = process.get("name") or process.get("id")
            message = (
                f'Proces „{name}” ma isExecutable="false": silnik go nie uruchomi. '
                'Ustaw isExecutable="true" albo usuń jego elementy (pula zewnętrzna zostaje pusta).'
            )
            return [_at(path, process, message)]
        return []
    problems = []
    for start in process.findall(_q("startEvent")):
        if _definitions(start):
            message = (
                "Zdarzenie startowe procesu nie może czekać na wiadomość ani timer: sprawę rozpoczyna osoba lub system."
            )
            problems.append(_at(path, start, message))
    for sub in process.iter(_q("subProcess")):
        if sub.get("triggeredByEvent", "false").lower() == "true":
            message = (
                "Podproces zdarzeniowy nie jest obsługiwany: użyj zdarzenia brzegowego na podprocesie lub wywołaniu."
            )
            problems.append(_at(path, sub, message))
    for event in process.iter(etree.Element):
        if len(_definitions(event)) > 1 or event.get("parallelMultiple", "false").lower() == "true":
            problems.append(_at(path, event, "Zdarzenie z kilkoma definicjami (multiple) nie jest obsługiwane."))
    for gateway in process.iter(_q("eventBasedGateway")):
        problems += _event_gateway_problems(file_set, path, gateway)
    return problems


def _definitions(event) -> list:
    return [child for child in event if child.tag in _EVENT_DEFINITIONS]


def _event_gateway_problems(file_set: FileSet, path: str, gateway) -> list[Problem]:
    """After an event-based gateway: message or timer catch events (at most one timer), nothing else."""
    by_id = {element.get("id"): element for element in gateway.getparent() if element.get("id")}
    targets = [
        by_id.get(flow.get("targetRef"))
        for flow in gateway.getparent().findall(_q("sequenceFlow"))
        if flow.get("sourceRef") == gateway.get("id")
    ]
    problems, timers = [], 0
    for target in targets:
        if target is None:
            continue
        kinds = [etree.QName(d).localname for d in _definitions(target)]
        if target.tag != _q("intermediateCatchEvent") or len(kinds) != 1 or kinds[0] not in _CATCH_AFTER_GATEWAY:
            message = (
                "Po bramce opartej na zdarzeniach może stać tylko zdarzenie pośrednie czekające na wiadomość lub timer."
            )
            problems.append(_at(path, target, message))
        timers += kinds == ["timerEventDefinition"]
    if timers > 1:
        problems.append(_at(path, gateway, "Bramka oparta na zdarzeniach może czekać najwyżej na jeden timer."))
    if len(targets) < 2:
        problems.append(_at(path, gateway, "Bramka oparta na zdarzeniach musi mieć co najmniej dwa wyjścia."))
    return problems
