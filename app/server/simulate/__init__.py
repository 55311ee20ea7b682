"""The customer simulator: real SIP calls with speech into the queues (``python -m app.server.simulate``)."""
