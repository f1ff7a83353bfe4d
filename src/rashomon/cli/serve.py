"""`rashomon serve DIR [--host 127.0.0.1] [--port 8765]`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from rashomon.cli import app

err = Console(stderr=True)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@app.command("serve")
def serve_cmd(
    folder: Path = typer.Argument(
        ..., help="A folder of dossiers (subfolders holding dossier.sqlite), or one dossier."
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on (loopback by default)."
    ),
    port: int = typer.Option(8765, "--port", "-p", help="Port to listen on."),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="Another name the app answers to (as typed in the browser's address bar); "
        "repeatable; '*' for any (not recommended: DNS rebinding lets web pages read the "
        "dossiers). Always allowed: localhost, 127.0.0.1, [::1] and --host.",
    ),
) -> None:
    """Browse the dossiers in FOLDER and search all their articles and statements in a local,
    read-only web app (needs the `serve` extra: pip install 'rashomon[serve]')."""
    try:
        import uvicorn

        from rashomon.serve.app import LOCAL_HOSTS, create_app, list_dossiers
    except ImportError as exc:
        err.print(f"[red]error:[/] {exc}; install with: pip install 'rashomon[serve]'")
        raise typer.Exit(2) from exc
    if not folder.is_dir():
        err.print(
            f"[red]error:[/] {folder} is not a folder; give the folder that holds your dossiers"
        )
        raise typer.Exit(2)
    if host not in LOOPBACK:
        err.print(
            f"[yellow]warning:[/] listening on {host}: anyone who can reach this address can read "
            "these dossiers (there is no login)"
        )
    n = len(list_dossiers(folder))
    err.print(
        f"serving {n} dossier(s) from {folder} at http://{host}:{port}/ (read-only; Ctrl-C stops)"
    )
    hosts = [*LOCAL_HOSTS, *allow_host]
    if host not in ("0.0.0.0", "::"):  # a wildcard address is no name a browser sends
        hosts.append(f"[{host}]" if ":" in host else host)
    uvicorn.run(create_app(folder, hosts), host=host, port=port, log_level="warning")
