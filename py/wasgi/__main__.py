"""``python -m wasgi`` is the ``wasgi`` command."""

import sys

from .cli import main

sys.exit(main())
