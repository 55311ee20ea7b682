"""Configuration, database access, security primitives and the domain error hierarchy."""
