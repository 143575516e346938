"""What a user sees when a command cannot do its work: one line and a documented exit code.

Anything a user can cause — a missing or unreadable input, a folder where a file is expected, a
read-only or full disk, a closed pipe (``| head``), a Prefect server that went away, Ctrl-C — is
reported as ``baokan: <what>`` on stderr, never as a traceback. ``--debug`` (or ``BAOKAN_DEBUG=1``)
prints the traceback too, for bug reports. A bug (any other exception) is still one line, plus
where to find the traceback.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REJECTS = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what `cat` gives when its reader goes away

DEBUG_ENV = "BAOKAN_DEBUG"
GRACE_ENV = "BAOKAN_INTERRUPT_GRACE"
INTERRUPT_GRACE = 30.0  # seconds a Ctrl-C leaves for clean-up before the process stops regardless


class UserError(Exception):
    """A problem with what the user asked for; the message says what and the way out."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def debug_wanted(argv_flag: bool = False) -> bool:
    return argv_flag or os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no")


_DISK = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
}


def describe_os_error(exc: OSError) -> str:
    """``<problem>: <path>`` in words a user knows (no errno numbers, no class names)."""
    what = _DISK.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
    where = exc.filename if exc.filename is not None else ""
    if exc.filename2 is not None:
        where = f"{where} → {exc.filename2}"
    return f"{what}: {where}" if where else what


def _connection_problem(exc: BaseException) -> str | None:
    """A Prefect API that cannot be reached (httpx is imported only if Prefect was)."""
    httpx = sys.modules.get("httpx")
    if httpx is not None and isinstance(exc, httpx.TransportError):
        url = os.environ.get("PREFECT_API_URL") or "the temporary local server"
        return (
            f"lost the Prefect server at {url} ({type(exc).__name__}: {exc}); "
            "start it again, or unset PREFECT_API_URL to use a temporary one"
        )
    return None


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _say(prog: str, message: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr gone as well: nothing left to tell
        print(f"{prog}: {message}", file=sys.stderr, flush=True)


class _Interrupts:
    """Remembers a Ctrl-C: inside Prefect's event loop or a server start-up it can surface as some
    other error (a cancelled task, a dropped connection), and it is still an interruption."""

    def __init__(self, prog: str = "baokan") -> None:
        self.seen = False
        self.prog = prog

    def __call__(self, signum, frame) -> None:
        if self.seen:  # a second Ctrl-C while cleaning up: the user wants out now
            _give_up(self.prog, "interrupted again; stopped without finishing the clean-up")
        self.seen = True
        arm_watchdog(self.prog)
        raise KeyboardInterrupt

    def install(self) -> Callable[[], None]:
        """Take SIGINT over; the callable given back puts Python's handling back."""
        try:
            previous = signal.signal(signal.SIGINT, self)
        except ValueError:  # not the main thread: Python's default stays
            return lambda: None
        # A Ctrl-C that lands in a finalizer (``__del__`` of an asyncio transport, at garbage
        # collection) cannot be raised there: Python prints "Exception ignored in …" with a
        # traceback and runs on. It is remembered (``seen``) and reported once the work returns;
        # the interpreter's report of it is kept quiet.
        default = sys.unraisablehook

        def hook(unraisable) -> None:
            if not isinstance(unraisable.exc_value, KeyboardInterrupt):
                default(unraisable)

        sys.unraisablehook = hook

        def restore() -> None:
            signal.signal(signal.SIGINT, previous)
            sys.unraisablehook = default

        return restore


def run(func: Callable[[], int], *, prog: str = "baokan", debug: bool = False) -> int:
    """Call ``func`` and turn whatever a user can cause into one line and an exit code."""
    debug = debug_wanted(debug)
    interrupts = _Interrupts(prog)
    restore = (
        interrupts.install()
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler
        else lambda: None
    )
    try:
        code = func()
        if interrupts.seen:  # interrupted where it could not be raised (see _Interrupts.install)
            _say(prog, _INTERRUPTED)
            return EXIT_INTERRUPTED
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        if not interrupts.seen:
            return _failed(prog, exc, debug)
        if debug:
            traceback.print_exc()
        _say(prog, _INTERRUPTED)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        if debug:
            traceback.print_exc()
        # The swap is atomic and may have happened just before the signal: say what is always true.
        _say(prog, _INTERRUPTED)
        return EXIT_INTERRUPTED
    finally:
        restore()
        _WATCHDOG.disarm()


_INTERRUPTED = (
    "interrupted; the output folder holds a whole dataset: the previous one, or this run's if it was "
    "already swapped in"
)


def _failed(prog: str, exc: Exception, debug: bool) -> int:
    """One line for an error a user can cause (their input, their disk, their server), else an
    internal error with the way to its traceback."""
    if debug:
        traceback.print_exc()
    if isinstance(exc, UserError):
        _say(prog, str(exc))
        return exc.code
    if (problem := _connection_problem(exc)) is not None:
        _say(prog, problem)
    elif isinstance(exc, OSError):
        _say(prog, f"failed, nothing was replaced: {describe_os_error(exc)}")
    else:
        hint = "" if debug else f" (run with --debug or {DEBUG_ENV}=1 for the traceback)"
        _say(prog, f"internal error: {type(exc).__name__}: {exc}{hint}")
    return EXIT_FAILED


def _grace() -> float:
    try:
        return float(os.environ.get(GRACE_ENV) or INTERRUPT_GRACE)
    except ValueError:
        return INTERRUPT_GRACE


_LAST_RITES: dict[int, Callable[[], None]] = {}


def at_give_up(rite: Callable[[], None]) -> Callable[[], None]:
    """Have ``rite`` run if the process is stopped without its clean-up (see :func:`_give_up`):
    what must not outlive it (a staging folder, the Prefect server it started). Returns the
    callable that unregisters it, for when the normal clean-up has done the work."""
    key = id(rite)
    _LAST_RITES[key] = rite
    return lambda: _LAST_RITES.pop(key, None)


def _give_up(prog: str, message: str) -> None:
    """End the process now with the interrupted code: what is left (a library's thread waiting
    on a server already stopped, an exit handler) may never return. The registered last rites
    run first (each at most once, errors ignored): the staging folder goes, our server is killed."""
    for rite in list(_LAST_RITES.values()):
        with contextlib.suppress(Exception):
            rite()
    _LAST_RITES.clear()
    _say(prog, message)
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os._exit(EXIT_INTERRUPTED)


class _Watchdog:
    """After a Ctrl-C, the clean-up (our own, then the interpreter's: joining library threads,
    exit handlers) gets a bounded time, counted from the signal. Interruption must end the
    process: seen once in CI, a build interrupted as its flow started was alive two minutes on.
    The run's clean-up and the interpreter's get ``grace`` seconds each."""

    def __init__(self) -> None:
        self.timer: threading.Timer | None = None

    def arm(self, prog: str) -> None:
        if self.timer is not None:
            return
        grace = _grace()
        message = f"interrupted; the clean-up took over {grace:g} s, stopped without it"
        self.timer = threading.Timer(grace, _give_up, args=(prog, message))
        self.timer.daemon = True  # runs on through the interpreter's shutdown, never holds it up
        self.timer.start()

    def disarm(self) -> None:
        """``run`` returned: the caller decides whether the rest of the process is watched too."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


_WATCHDOG = _Watchdog()


def arm_watchdog(prog: str = "baokan") -> None:
    _WATCHDOG.arm(prog)


def forget_caught_interrupt() -> None:
    """CPython remembers a KeyboardInterrupt that left any ``exec()`` or ``eval()`` of a string —
    as one does that lands while a dataclass or namedtuple has its methods made, at import — and at
    exit kills the process by SIGINT instead of returning its code (``_Py_UnhandledKeyboardInterrupt``),
    though our handler caught it and decided the code. Measured: a Ctrl-C 0.2–0.3 s after start-up
    ended the build killed (−2) in 12 of 60 runs, each with the flag set. The code is decided: clear
    it (CPython only; elsewhere nothing to do)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0


def final_signals(code: int, prog: str = "baokan") -> None:
    """For the interpreter's own clean-up (Prefect's exit handlers, threads) after a command:
    an interrupted run stays watched (see :class:`_Watchdog`), and a Ctrl-C ends the process at
    once with ``code`` (what was decided) — killed by the signal instead, the process would lose
    the code; ignoring it could leave a user unable to stop a shutdown that hangs."""
    forget_caught_interrupt()
    if code == EXIT_INTERRUPTED:
        arm_watchdog(prog)

    def handler(signum, frame) -> None:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)

    with contextlib.suppress(ValueError):  # not the main thread
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # started ignoring it: still so
            signal.signal(signal.SIGINT, handler)
            _FINAL.append(handler)


_FINAL: list[Callable] = []


def _last_exit_handler() -> None:
    """Registered when this module is imported (before Prefect), so it runs after every other
    exit handler: past this point the interpreter resets a Python signal handler to the default
    action, and a Ctrl-C would kill the process by the signal and lose its code — ignore it."""
    with contextlib.suppress(ValueError):
        if _FINAL and signal.getsignal(signal.SIGINT) is _FINAL[-1]:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


atexit.register(_last_exit_handler)
