"""Wire models shared by the client and the server: REST bodies, websocket envelopes and events.

Both sides import these so that a field renamed on one side is a type error on the other.
Only pydantic and the standard library are used here.
"""
