"""``python -m softphone``: see ``softphone.cli``."""

from softphone.cli import main

raise SystemExit(main())
