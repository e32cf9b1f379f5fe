"""The supported constructs: for each, a diagram and how a case on it is played to its end.

A play function gets the scenario driver (``run``), the people and the clock, drives the case with
the engine's API only, and returns data the finished case must hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from tests.engine.bpmn_samples import FORM_NAME, properties
from tests.engine.conformance import diagrams as d
from tests.engine.conformance.diagrams import flow

LATER = timedelta(days=1, minutes=1)


@dataclass(frozen=True)
class Construct:
    bpmn: bytes
    play: Callable
    extra: tuple = ()  # more (path, content) files of the deployment


def _chain(*nodes: str, tail: list[str] = ()) -> list[str]:
    """start -> nodes (each an (id, builder) taking incoming, outgoing) -> end, with their flows."""
    return [*nodes, *tail]


def user_task() -> Construct:
    bpmn = d.document(
        [d.start(), d.task("ut", "f_start", "f1"), d.end("f1"), flow("f_start", "start", "ut"), flow("f1", "ut", "end")]
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "zrobione"})
        return {"uwagi": "zrobione"}

    return Construct(bpmn, play)


def _around(middle: list[str], first: str, last: str) -> list[str]:
    """start -> ``first`` ... ``last`` -> end; ``middle`` holds the nodes and inner flows."""
    return [d.start(), *middle, d.end("f_end"), flow("f_start", "start", first), flow("f_end", last, "end")]


def script_task() -> Construct:
    bpmn = d.document(
        _around(
            [
                d.task("ut", "f_start", "f1"),
                d.script("st", "f1", "f_end", "wynik = len(uwagi) * 2"),
                flow("f1", "ut", "st"),
            ],
            "ut",
            "st",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "abc"})
        return {"wynik": 6}

    return Construct(bpmn, play)


def manual_task() -> Construct:
    manual = (
        f'<bpmn:manualTask id="mt" name="Rozmowa">{properties(formJsonSchemaFilename=FORM_NAME)}'
        "<bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing></bpmn:manualTask>"
    )
    bpmn = d.document(_around([manual], "mt", "mt"))

    def play(run, people, clock):
        run.do(people.ops, "mt", {"uwagi": "rozmowa odbyta"})
        return {"uwagi": "rozmowa odbyta"}

    return Construct(bpmn, play)


def exclusive_gateway() -> Construct:
    bpmn = d.document(
        _around(
            [
                d.task("ut", "f_start", "f1"),
                d.gateway("exclusiveGateway", "xg", ["f1"], ["f_tak", "f_nie"], default="f_nie"),
                d.script("st_tak", "f_tak", "f_tak2", "droga = 'tak'"),
                d.script("st_nie", "f_nie", "f_nie2", "droga = 'nie'"),
                d.gateway("exclusiveGateway", "xg_join", ["f_tak2", "f_nie2"], ["f_end"]),
                flow("f1", "ut", "xg"),
                flow("f_tak", "xg", "st_tak", condition="uwagi == 'tak'"),
                flow("f_nie", "xg", "st_nie"),
                flow("f_tak2", "st_tak", "xg_join"),
                flow("f_nie2", "st_nie", "xg_join"),
            ],
            "ut",
            "xg_join",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "tak"})
        return {"droga": "tak"}

    return Construct(bpmn, play)


def parallel_gateway() -> Construct:
    bpmn = d.document(
        _around(
            [
                d.gateway("parallelGateway", "pg", ["f_start"], ["f_a", "f_b"]),
                d.task("ut_a", "f_a", "f_a2"),
                d.script("st_b", "f_b", "f_b2", "b = 1"),
                d.gateway("parallelGateway", "pg_join", ["f_a2", "f_b2"], ["f_end"]),
                flow("f_a", "pg", "ut_a"),
                flow("f_b", "pg", "st_b"),
                flow("f_a2", "ut_a", "pg_join"),
                flow("f_b2", "st_b", "pg_join"),
            ],
            "pg",
            "pg_join",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut_a", {"uwagi": "a"})
        return {"uwagi": "a"}

    return Construct(bpmn, play)


def inclusive_gateway() -> Construct:
    bpmn = d.document(
        _around(
            [
                d.task("ut", "f_start", "f1"),
                d.gateway("inclusiveGateway", "ig", ["f1"], ["f_a", "f_b", "f_c"], default="f_c"),
                d.script("st_a", "f_a", "f_a2", "a = 1"),
                d.script("st_b", "f_b", "f_b2", "b = 2"),
                d.script("st_c", "f_c", "f_c2", "c = 3"),
                d.gateway("inclusiveGateway", "ig_join", ["f_a2", "f_b2", "f_c2"], ["f_end"]),
                flow("f1", "ut", "ig"),
                flow("f_a", "ig", "st_a", condition="'a' in uwagi"),
                flow("f_b", "ig", "st_b", condition="'b' in uwagi"),
                flow("f_c", "ig", "st_c"),
                flow("f_a2", "st_a", "ig_join"),
                flow("f_b2", "st_b", "ig_join"),
                flow("f_c2", "st_c", "ig_join"),
            ],
            "ut",
            "ig_join",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "ab"})
        return {"a": 1, "b": 2}

    return Construct(bpmn, play)


def _event_gateway_diagram() -> bytes:
    return d.document(
        [
            d.start(),
            d.task("ut", "f_start", "f1"),
            d.gateway("eventBasedGateway", "eg", ["f1"], ["f_a", "f_b", "f_t"]),
            d.catch("czekaj_a", "f_a", "f_a2", d.message_definition("wiadomosc_a", "tresc_a")),
            d.catch("czekaj_b", "f_b", "f_b2", d.message_definition("wiadomosc_b", "tresc_b")),
            d.catch("czekaj_t", "f_t", "f_t2", d.timer_definition("'P1D'", "czekaj_t")),
            d.script("st_a", "f_a2", "f_a3", "wynik = 'a'"),
            d.script("st_b", "f_b2", "f_b3", "wynik = 'b'"),
            d.script("st_t", "f_t2", "f_t3", "wynik = 'timer'"),
            d.ends("f_a3", "f_b3", "f_t3"),
            flow("f_start", "start", "ut"),
            flow("f1", "ut", "eg"),
            flow("f_a", "eg", "czekaj_a"),
            flow("f_b", "eg", "czekaj_b"),
            flow("f_t", "eg", "czekaj_t"),
            flow("f_a2", "czekaj_a", "st_a"),
            flow("f_b2", "czekaj_b", "st_b"),
            flow("f_t2", "czekaj_t", "st_t"),
            flow("f_a3", "st_a", "end"),
            flow("f_b3", "st_b", "end"),
            flow("f_t3", "st_t", "end"),
        ],
        roots=[d.message("wiadomosc_a"), d.message("wiadomosc_b")],
    )


def _await_gateway(run, people) -> None:
    run.do(people.ops, "ut", {"uwagi": "czekamy"})
    assert run.waiting() == (["wiadomosc_a", "wiadomosc_b"], 1)


def event_gateway_message_a() -> Construct:
    def play(run, people, clock):
        _await_gateway(run, people)
        run.message(people.ops, "wiadomosc_a", {"od": "sad"})
        assert run.waiting() == ([], 0)
        return {"wynik": "a", "tresc_a": {"od": "sad"}}

    return Construct(_event_gateway_diagram(), play)


def event_gateway_message_b() -> Construct:
    def play(run, people, clock):
        _await_gateway(run, people)
        run.message(people.ops, "wiadomosc_b", {"od": "pup"})
        return {"wynik": "b", "tresc_b": {"od": "pup"}}

    return Construct(_event_gateway_diagram(), play)


def event_gateway_timer() -> Construct:
    def play(run, people, clock):
        _await_gateway(run, people)
        clock.advance(LATER)
        assert run.fire_timers().fired == 1
        return {"wynik": "timer"}

    return Construct(_event_gateway_diagram(), play)


ALL = {
    "user_task": user_task,
    "script_task": script_task,
    "manual_task": manual_task,
    "exclusive_gateway": exclusive_gateway,
    "parallel_gateway": parallel_gateway,
    "inclusive_gateway": inclusive_gateway,
    "event_gateway_message_a": event_gateway_message_a,
    "event_gateway_message_b": event_gateway_message_b,
    "event_gateway_timer": event_gateway_timer,
}
