"""Pult client core and backend server.

The client core (everything here outside ``app.server``) may use only ``PySide6.QtCore`` of Qt;
``app.server`` is the headless backend and imports no Qt at all.
"""

__version__ = "0.1.0"
