"""``python -m pipeline`` is the ``baokan`` command."""

import sys

from pipeline.cli import main

sys.exit(main())
