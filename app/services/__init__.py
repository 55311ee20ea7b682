"""Use cases of the client: the API and realtime clients, and the session service the UI talks to."""
