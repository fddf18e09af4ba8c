"""`python -m eventline.cli …`: the same app as the `eventline` console script."""

from eventline.cli import app

app()
