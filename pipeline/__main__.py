"""``python -m pipeline`` is the ``baokan`` command."""

import sys

try:
    from pipeline.cli import main
except KeyboardInterrupt:  # Ctrl-C while the command itself loads: an interruption, not a traceback
    print("baokan: interrupted before the command started; nothing was written", file=sys.stderr)
    from pipeline.errors import forget_caught_interrupt  # (the exit code is ours: see there)

    forget_caught_interrupt()
    sys.exit(130)

sys.exit(main())
