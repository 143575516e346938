"""Reading PDF pages: text-layer checks (and, with the integrator's reader, characters with boxes)."""
