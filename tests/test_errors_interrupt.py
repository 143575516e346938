"""A Ctrl-C that a library turns into another error is still an interruption (exit 130)."""

from __future__ import annotations

import os
import signal
import sys
import time

from pipeline import errors


def test_an_interrupt_turned_into_another_error_still_exits_130(capsys) -> None:
    def body() -> int:
        try:
            os.kill(os.getpid(), signal.SIGINT)  # the handler raises KeyboardInterrupt right here
            time.sleep(1)
        except KeyboardInterrupt:
            raise RuntimeError("event loop stopped before the future completed") from None
        return 0

    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a fresh `baokan` process
    try:
        assert errors.run(body) == errors.EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGINT, previous)
    assert "interrupted" in capsys.readouterr().err


def test_an_error_without_an_interrupt_is_a_failure(capsys) -> None:
    def body() -> int:
        raise RuntimeError("boom")

    previous = signal.getsignal(signal.SIGINT)
    try:
        assert errors.run(body) == errors.EXIT_FAILED
    finally:
        signal.signal(signal.SIGINT, previous)
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err


def test_an_interrupt_in_a_finalizer_is_not_lost(capsys) -> None:
    """A Ctrl-C whose handler runs inside a ``__del__`` (an asyncio transport collected mid-build)
    cannot be raised there: Python printed "Exception ignored in …" with a traceback and the build
    ran on to exit 0. It is reported when the work returns, quietly."""

    class Collected:
        def __del__(self) -> None:
            signal.raise_signal(signal.SIGINT)  # the handler runs here, inside the finalizer

    def body() -> int:
        Collected()  # collected at once
        return 0

    previous, hook = signal.getsignal(signal.SIGINT), sys.unraisablehook
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a fresh `baokan` process
    try:
        assert errors.run(body) == errors.EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGINT, previous)
    err = capsys.readouterr().err
    assert "interrupted" in err and "Exception ignored" not in err and "Traceback" not in err
    assert sys.unraisablehook is hook  # Python's handling put back


# --- a Ctrl-C always ends the process, in bounded time ---------------------------------------------

_CHILD = r"""
import os, signal, sys, threading, time
from pipeline import errors

mode = sys.argv[1]
stuck = threading.Event()

def body() -> int:
    if mode == "stuck-thread":  # a library's non-daemon thread that will never return
        rite = sys.argv[2]  # a staging folder the stopped process must not leave behind
        os.mkdir(rite)
        errors.at_give_up(lambda: os.rmdir(rite))
        threading.Thread(target=stuck.wait, daemon=False).start()
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    if mode == "slow-cleanup":  # our own clean-up waits on something that never comes
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
        finally:
            print("cleaning", flush=True)
            stuck.wait()
    if mode == "done":  # finished; then the interpreter waits on a library's thread
        threading.Thread(target=stuck.wait, daemon=False).start()
    return 0

signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a fresh interpreter
code = errors.run(body)
errors.final_signals(code)
if mode == "done":  # said only now: a Ctrl-C before this line is one during the work (130)
    print("done", flush=True)
sys.exit(code)
"""


def _child(mode: str, grace: str = "1", *args: str):
    import subprocess
    from pathlib import Path

    env = {**os.environ, errors.GRACE_ENV: grace, "PYTHONPATH": str(Path(__file__).parents[1])}
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, mode, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_an_interrupted_process_ends_though_a_library_thread_never_returns(tmp_path) -> None:
    """The interpreter joins every non-daemon thread before it exits: one that waits on a server
    already stopped held an interrupted build forever. The watchdog ends it with 130, after the
    last rites registered (a staging folder removed, the server killed)."""
    staging = tmp_path / ".out.staging-1"
    proc = _child("stuck-thread", "1", str(staging))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == errors.EXIT_INTERRUPTED, err
    assert "clean-up took over 1 s, stopped without it" in err and "Traceback" not in err
    assert not staging.exists()


def test_a_second_ctrl_c_during_clean_up_stops_at_once() -> None:
    proc = _child("slow-cleanup", grace="60")
    assert proc.stdout.readline() == "cleaning\n"
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == errors.EXIT_INTERRUPTED
    assert time.monotonic() - started < 20  # not the 60 s grace
    assert "interrupted again" in err and "Traceback" not in err


def test_a_ctrl_c_after_the_work_keeps_the_exit_code_decided() -> None:
    """Done with 0, waiting on a thread at exit: a Ctrl-C ends the wait and the code stays 0 (it
    was ignored before, leaving a user no way to stop a hung shutdown)."""
    proc = _child("done")
    assert proc.stdout.readline() == "done\n"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err


def test_a_ctrl_c_at_the_very_end_is_ignored_not_fatal() -> None:
    """Past the last exit handler the interpreter resets a Python handler to the default action
    (seen: a build killed by SIGINT, code -2, as it exited); the last handler ignores it then."""
    previous = signal.getsignal(signal.SIGINT)
    try:
        errors.final_signals(0)
        assert callable(signal.getsignal(signal.SIGINT))
        errors._last_exit_handler()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_ctrl_c_while_the_command_loads_is_an_interruption(tmp_path) -> None:
    """A Ctrl-C while ``python -m pipeline`` imports its command (the first ~50 ms of a run) gave a
    traceback and death by the signal (code -2); it is an interruption like any other. The Ctrl-C is
    sent by a stand-in for a module the command imports, so it lands inside that import."""
    import subprocess

    from tests.conftest import ROOT

    (tmp_path / "argparse.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGINT)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == errors.EXIT_INTERRUPTED, proc.stderr
    assert proc.stderr == "baokan: interrupted before the command started; nothing was written\n"
