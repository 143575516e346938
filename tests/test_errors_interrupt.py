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
