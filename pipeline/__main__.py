"""``python -m pipeline`` is the ``baokan`` command."""

import sys

try:
    from pipeline.cli import main
except KeyboardInterrupt:  # Ctrl-C while the command itself loads: an interruption, not a traceback
    print("baokan: interrupted before the command started; nothing was written", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
