"""The media switch: a pool of pjsua2 worker processes (:mod:`.worker`) supervised by a manager
(:mod:`.manager`) that implements :class:`app.server.services.switch_port.SwitchPort` for the api."""
