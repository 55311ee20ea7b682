"""Realtime events: the per-tenant outbox with sequence numbers, in-process wake-ups, websocket delivery."""
