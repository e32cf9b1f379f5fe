"""The ``kooperacja`` command line, outside the engine: it drives ``engine`` and serves ``web``."""
