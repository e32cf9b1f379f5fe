"""Diagram code runs in supervised worker processes (``engine.bpmn.sandbox_worker``), not in ours.

A small pool keeps workers alive between evaluations (starting one costs a few hundred
milliseconds; an evaluation through a warm worker costs a pipe round trip). A thread takes a
worker for one evaluation, so a hostile script occupies one worker while other users' requests
use others (a new worker starts when none is idle). The parent kills a worker that has not
answered within the wall-clock budget, and replaces any worker that died or went over a limit.
Replies are unpickled with an allow-list of classes: a worker runs untrusted code, so what it
sends back is data, never a recipe for objects.
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from engine.bpmn import plain_expressions, sandbox_worker
from engine.bpmn.limits import ScriptLimitExceeded
from engine.bpmn.sandbox import SandboxEnvironment
from engine.bpmn.timeflow import active_now

WALL_SECONDS = float(os.environ.get("KOOPERACJA_SCRIPT_WALL_SECONDS", 3))
IDLE_WORKERS = int(os.environ.get("KOOPERACJA_SCRIPT_WORKERS", 2))
MAX_REPLY_BYTES = 64 * 1024 * 1024
_ENGINE_PACKAGE = str(Path(__file__).resolve().parents[1])
#: The worker skips ``engine/__init__`` (it imports the database and the services): it registers a
#: bare ``engine`` package and loads only the sandbox modules, which keeps it small and quick to start.
_BOOT = (
    "import sys, types\n"
    "package = types.ModuleType('engine')\n"
    f"package.__path__ = [{_ENGINE_PACKAGE!r}]\n"
    "sys.modules['engine'] = package\n"
    "from engine.bpmn.sandbox_worker import main\n"
    "main()\n"
)
STARTUP_SECONDS = 60.0

_SAFE_CLASSES = {
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "complex"),
}

_ERRORS = {
    cls.__name__: cls
    for cls in (
        ArithmeticError,
        AssertionError,
        AttributeError,
        ImportError,
        IndexError,
        KeyError,
        LookupError,
        NameError,
        NotImplementedError,
        OverflowError,
        RecursionError,
        RuntimeError,
        SyntaxError,
        TypeError,
        UnboundLocalError,
        UnicodeError,
        ValueError,
        ZeroDivisionError,
    )
}


class ScriptError(RuntimeError):
    """Diagram code raised an exception of a class the engine does not know (e.g. one it defined)."""


class _DataUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _SAFE_CLASSES:
            raise pickle.UnpicklingError(f"Wynik kodu diagramu zawiera niedozwolony typ {module}.{name}.")
        return super().find_class(module, name)


def _loads(payload: bytes):
    return _DataUnpickler(io.BytesIO(payload)).load()


class _Worker:
    """One child process and the pipes to it."""

    def __init__(self):
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", _BOOT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        try:  # the worker says it is ready, so its start does not count against an evaluation's budget
            self._read(len(sandbox_worker.READY), time.monotonic() + STARTUP_SECONDS)
        except BaseException:
            self.kill()
            raise

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()

    def call(self, payload: bytes) -> tuple[bytes, bool]:
        """Send a request; the reply and whether the worker retires. The worker is killed on any failure."""
        try:
            sandbox_worker.write_frame(self.process.stdin, payload)
            deadline = time.monotonic() + WALL_SECONDS
            header = self._read(sandbox_worker.HEADER.size, deadline)
            (length,) = sandbox_worker.HEADER.unpack(header)
            if length > MAX_REPLY_BYTES:
                raise ScriptLimitExceeded("Wynik kodu diagramu jest zbyt duży.")
            reply = self._read(length, deadline)
        except BaseException:
            self.kill()
            raise
        return reply[1:], reply[:1] == sandbox_worker.RETIRE_FLAG

    def _read(self, size: int, deadline: float) -> bytes:
        chunks, missing, pipe = [], size, self.process.stdout
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([pipe], [], [], remaining)[0]:
                self.kill()
                raise ScriptLimitExceeded(
                    f"Kod diagramu przekroczył limit czasu ({WALL_SECONDS:g} s) i został przerwany."
                )
            chunk = os.read(pipe.fileno(), missing)
            if not chunk:
                raise ScriptLimitExceeded(self._death())
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _death(self) -> str:
        code = self.process.wait()
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            seconds = sandbox_worker.CPU_SECONDS
            return f"Kod diagramu przekroczył limit czasu procesora ({seconds} s) i został przerwany."
        return f"Kod diagramu przerwał pracę procesu wykonawczego (kod {code}); zapewne przekroczył limit pamięci."


class WorkerPool:
    """Idle workers ready for the next evaluation; forgets them in a forked child."""

    def __init__(self, idle: int = IDLE_WORKERS):
        self.keep_idle = idle
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self.busy = 0

    def run(self, request: dict):
        """Run one request in a worker; the value it returns, or the exception it raised."""
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        worker, retire = None, True
        try:
            worker = self._take()
            reply, retire = worker.call(payload)
        finally:
            with self._lock:
                self.busy -= 1
            if worker is not None and not retire:
                self._give_back(worker)
            elif worker is not None:
                worker.kill()
                threading.Thread(target=self._replenish, daemon=True).start()
        return _result(_loads(reply))

    def _replenish(self) -> None:
        """Start a worker in the background so that the next evaluation finds one ready."""
        with self._lock:
            if len(self._idle) >= self.keep_idle:
                return
        self._give_back(_Worker())

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()

    def _take(self) -> _Worker:
        with self._lock:
            if self._pid != os.getpid():  # forked: the pipes belong to the parent's workers
                self._idle, self._pid, self.busy = [], os.getpid(), 0
            self.busy += 1
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
        return _Worker()  # none idle: this evaluation waits for a new worker to start

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if len(self._idle) < self.keep_idle and self._pid == os.getpid():
                self._idle.append(worker)
                return
        worker.kill()


def _result(reply: tuple):
    if reply[0] == "ok":
        return reply[1]
    _, kind, message, line = reply
    if kind == "ScriptLimitExceeded":
        error = ScriptLimitExceeded(message)
    elif kind in _ERRORS:
        error = _ERRORS[kind](message)
    else:
        error = ScriptError(f"{kind}: {message}")
    error.script_line = line
    raise error


POOL = WorkerPool()
atexit.register(POOL.close)


class IsolatedEnvironment(SandboxEnvironment):
    """The sandbox environment, each evaluation in a worker process on a copy of the data (plain
    comparisons of data with literals are answered here, see ``engine.bpmn.plain_expressions``)."""

    def __init__(self, pool: WorkerPool = POOL):
        super().__init__()
        self.pool = pool

    def evaluate(self, expression, context, external_context=None):
        value = plain_expressions.evaluate(expression, context, external_context)
        if value is not plain_expressions.NOT_PLAIN:
            return value
        request = {"op": "evaluate", "source": expression, "context": context, "external": external_context}
        return self.pool.run({**request, "now": active_now()})

    def execute(self, script, context, external_context=None):
        request = {"op": "execute", "source": script, "context": context, "external": external_context}
        result = self.pool.run({**request, "now": active_now()})
        context.clear()
        context.update(result)
        return True
