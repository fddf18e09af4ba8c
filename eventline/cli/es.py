"""`eventline es …`: operate the Elasticsearch store (status, reindex to a new version, replay the spool).

Mounted by `eventline/cli/__init__.py` with ``app.add_typer(es_app, name="es")``. The commands read the
same settings as every other command (``EVENTLINE_ES_URL``, ``EVENTLINE_ES_USERNAME`` /
``EVENTLINE_ES_PASSWORD`` or ``EVENTLINE_ES_API_KEY``, ``EVENTLINE_ES_INDEX_PREFIX``, …);
``--url`` and ``--prefix`` override them. Credentials are never printed.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from eventline.config import load_settings

es_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Operate the Elasticsearch store.")

UrlOption = Annotated[str | None, typer.Option("--url", help="Elasticsearch URL (default: EVENTLINE_ES_URL)")]
PrefixOption = Annotated[str | None, typer.Option("--prefix", help="index prefix (default: EVENTLINE_ES_INDEX_PREFIX)")]


def _open(url: str | None, prefix: str | None) -> Any:
    from store.elasticsearch import ElasticsearchStore

    settings = load_settings(store="elasticsearch", es_url=url, es_index_prefix=prefix)
    return ElasticsearchStore.from_settings(settings)


def _fail(store: Any, exc: Exception) -> None:
    typer.secho(f"error: Elasticsearch at {store.url}: {type(exc).__name__}: {exc}", fg="red", err=True)
    raise typer.Exit(code=1)


@es_app.command()
def status(url: UrlOption = None, prefix: PrefixOption = None) -> None:
    """Cluster health, aliases → indices with document counts, spool files waiting for replay."""
    store = _open(url, prefix)
    try:
        typer.echo(json.dumps(store.status(), ensure_ascii=False, indent=2))
    except Exception as exc:  # unreachable, auth refused, …: one clear line, exit 1
        _fail(store, exc)
    finally:
        store.close()


@es_app.command()
def reindex(
    to_version: Annotated[int, typer.Option("--to-version", min=1, help="the new index version N (…-vN)")],
    url: UrlOption = None,
    prefix: PrefixOption = None,
    delete_old: Annotated[bool, typer.Option("--delete-old", help="drop the previous index after the swap")] = False,
) -> None:
    """Copy articles and events into …-vN built from the current templates and swap the aliases."""
    store = _open(url, prefix)
    try:
        report = store.reindex(to_version, delete_old=delete_old, progress=lambda msg: typer.echo(msg, err=True))
    except ValueError as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        raise typer.Exit(code=2) from exc
    except Exception as exc:
        _fail(store, exc)
    finally:
        store.close()
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@es_app.command()
def replay(url: UrlOption = None, prefix: PrefixOption = None) -> None:
    """Write the spooled records (kept while Elasticsearch was unreachable) and delete the spool files."""
    store = _open(url, prefix)
    try:
        files = store.pending_spool()
        result = store.replay_spool()
    except Exception as exc:
        _fail(store, exc)
    finally:
        store.close()
    typer.echo(
        f"replayed {len(files)} spool file(s): {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.failed} failed"
    )
    for error in result.errors:
        typer.secho(f"  {error}", fg="yellow", err=True)
    if result.failed:
        raise typer.Exit(code=1)
