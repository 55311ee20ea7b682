"""Server version string: the product version, which lives in ``app/__init__.py`` alone."""

from app import __version__

VERSION: str = __version__
