"""Use cases of the server: the rules live here, routes only translate HTTP to calls of these."""
