"""Immutable snapshots of what the client knows, and the QObject stores that hold and announce them.

A store replaces its snapshot as a whole and emits ``*_changed`` only when the new one differs, so
widgets re-render exactly when there is something new to show.
"""
