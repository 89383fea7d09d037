"""Real engines behind the ports of :mod:`openhire.ai.ports` (each optional, loaded lazily)."""
