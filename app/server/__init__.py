"""The headless Pult backend: ``python -m app.server`` (see ``__main__``).

Layout (ARCHITECTURE §4): ``main`` builds the FastAPI app from settings (nothing at import time);
``api`` holds thin routers, typed dependencies and the error mapping; ``core`` config, database,
security, clock and the domain errors; ``models`` the SQLAlchemy ORM; ``services`` the rules (auth,
statuses, presence, employees, groups, roles, and ``policy``, the one place permissions are decided);
``events`` the per-tenant outbox, wake-ups and the websocket stream; ``migrations`` Alembic; ``seed``
the demo company. Only :mod:`app.protocol` is imported from the client side.
"""
