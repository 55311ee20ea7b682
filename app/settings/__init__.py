"""Local settings of the client: per-machine app settings, per-account settings, and keyring secrets."""
