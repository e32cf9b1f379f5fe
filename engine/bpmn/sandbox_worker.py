"""The sandbox worker: a child process that runs diagram code under operating-system limits.

RestrictedPython keeps diagram code away from the machine, and ``limits`` counts its loops, but a
single builtin call (``pow(3, 10**8)``, ``'x'.ljust(2*10**9)``) runs in C where no Python guard
can stop it. So the code runs here, in a process of its own: its address space is capped with
``RLIMIT_AS`` (an allocation beyond the budget raises MemoryError), its processor time with
``RLIMIT_CPU`` (the kernel kills it with SIGXCPU), and the parent kills it when the wall-clock
budget passes (``engine.bpmn.isolation``). Requests and replies are pickles framed by a 4-byte
length on stdin/stdout; the data arrives as a copy, so an expression cannot change the case data.
"""

from __future__ import annotations

import math
import os
import pickle
import resource
import struct
import sys
import traceback

from engine.bpmn import bounds
from engine.bpmn.limits import ScriptLimitExceeded
from engine.bpmn.sandbox import SandboxEnvironment
from engine.bpmn.timeflow import clock_in_effect
from engine.clock import FrozenClock

HEADER = struct.Struct(">I")
MAX_MESSAGE = 2000  # characters of an error message sent back

CPU_SECONDS = int(os.environ.get("KOOPERACJA_SCRIPT_CPU_SECONDS", 2))
MEMORY_MB = int(os.environ.get("KOOPERACJA_SCRIPT_MEMORY_MB", 256))

#: The first byte of a reply: whether the worker exits after it (its heap may be a mess after a MemoryError).
RETIRE_FLAG, KEEP_FLAG = b"R", b"K"
#: What a worker writes once it is ready for requests.
READY = b"ready"


def read_frame(stream) -> bytes | None:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (length,) = HEADER.unpack(header)
    return stream.read(length)


def write_frame(stream, payload: bytes) -> None:
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


def _limit_memory() -> None:
    """Cap the address space at what the worker uses now plus the memory budget."""
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    ceiling = in_use + MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _limit_cpu() -> None:
    """Let this evaluation use CPU_SECONDS more (rounded up to whole seconds) of processor time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime) + CPU_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.getrlimit(resource.RLIMIT_CPU)[1]))


def _line_of(error: BaseException) -> int | None:
    if isinstance(error, SyntaxError):
        return error.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "<string>"]
    return lines[-1] if lines else None


def _run(environment: SandboxEnvironment, request: dict):
    operation, source, context = request["op"], request["source"], request["context"]
    external = request.get("external")
    if operation == "evaluate":
        value = environment.evaluate(source, context, external)
    else:
        environment.execute(source, context, external)
        value = context
    bounds.check_size(value)
    return pickle.dumps(("ok", value), protocol=pickle.HIGHEST_PROTOCOL)


def handle(environment: SandboxEnvironment, request: dict) -> tuple[bytes, bool]:
    """The reply to one request, and whether the worker must retire after sending it."""
    now = request.get("now")
    try:
        _limit_cpu()
        if now is None:
            return _run(environment, request), False
        with clock_in_effect(FrozenClock(now)):
            return _run(environment, request), False
    except MemoryError:
        message = f"Kod diagramu przekroczył limit pamięci ({MEMORY_MB} MB)."
        return pickle.dumps(("error", "ScriptLimitExceeded", message, None)), True
    except ScriptLimitExceeded as error:
        return pickle.dumps(("error", "ScriptLimitExceeded", str(error)[:MAX_MESSAGE], _line_of(error))), False
    except Exception as error:  # noqa: BLE001 - any failure of diagram code goes back to the engine
        reply = ("error", type(error).__name__, str(error)[:MAX_MESSAGE], _line_of(error))
        return pickle.dumps(reply), False


def main() -> None:
    requests, replies = sys.stdin.buffer, os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # nothing but replies may reach the parent's pipe
    _limit_memory()
    environment = SandboxEnvironment()
    replies.write(READY)
    replies.flush()
    while (frame := read_frame(requests)) is not None:
        reply, retire = handle(environment, pickle.loads(frame))  # noqa: S301 - the parent is trusted
        write_frame(replies, (RETIRE_FLAG if retire else KEEP_FLAG) + reply)
        if retire:
            return


if __name__ == "__main__":
    main()
