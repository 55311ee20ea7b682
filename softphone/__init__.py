"""softphone package."""
