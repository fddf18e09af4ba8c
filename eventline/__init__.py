"""The eventline application: settings, pipeline functions (crawl / extract / index / digest) and the CLI.

This package wires `crawlers`, `nlp`, `store` and `digest` together; the DAGs, the API and
the CLI call its functions and hold no logic of their own.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
