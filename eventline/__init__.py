"""The eventline application: settings and pipeline functions (crawl / extract / index / digest).

This package wires `crawlers`, `nlp`, `store` and `digest` together; the DAGs, the API and
the CLI (`eventline.cli`, the outermost layer: nothing here imports it) call its functions and
hold no logic of their own.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
