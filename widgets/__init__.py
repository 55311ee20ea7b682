"""Reusable presentational widgets: they render what they are given and know no services."""
