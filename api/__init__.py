"""HTTP API and timeline page of eventline: thin FastAPI handlers over the `Store` interface.

`api.app.create_app(store_factory)` builds the application; `eventline serve` runs it with
uvicorn. The page (`api/static/`) is plain HTML + JS with a vendored Chart.js, no build step.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
