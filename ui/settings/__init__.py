"""The settings dialog (spec TP-07) and its tabs, one module each."""
