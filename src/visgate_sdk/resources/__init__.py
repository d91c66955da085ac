"""Resource groups of the client (``client.images``, ``client.models``, ...)."""
