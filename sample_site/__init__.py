"""eventline sample site: original industry news by two fictional outlets, its gold events, a local server."""
