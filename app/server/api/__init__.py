"""HTTP and websocket edge: thin routers, typed dependencies, error mapping."""
