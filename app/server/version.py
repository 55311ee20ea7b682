"""Server version string."""

VERSION = "0.1.0"
