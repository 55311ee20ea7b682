"""Entry script of the frozen server: the same ``main`` as ``python -m app.server``."""

from __future__ import annotations

import sys

from app.server.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
