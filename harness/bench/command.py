"""The `evalrun bench` command: a quick or full run, printed, optionally written as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from harness.bench.figures import render
from harness.bench.run import Bench
from harness.bench.settings import FULL, QUICK


def register(app: typer.Typer) -> None:
    @app.command()
    def bench(
        quick: bool = typer.Option(True, "--quick/--full", help="Quick (CI, < 3 min) or full (the documented ones)."),
        json_path: Path = typer.Option(None, "--json", help="Also write every figure as JSON here."),
        only: list[str] = typer.Option(
            None, "--only", help="Run only this section (repeat for several), e.g. --only 'ray backend'."
        ),
    ) -> None:
        """Measure the harness against its baselines: exec, start, grading, validate, trials, scoring, images."""
        from rich.console import Console

        from harness.sandbox import SandboxError

        console = Console()

        def write(line: str) -> None:
            console.print(line, soft_wrap=True, markup=False, highlight=False)

        try:
            bench_run = Bench(QUICK if quick else FULL, log=write, only=tuple(only or ()))
        except SandboxError as exc:
            Console(stderr=True).print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        except ValueError as exc:
            Console(stderr=True).print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        result = bench_run.run()
        render(result, write)
        if json_path:
            json_path.write_text(json.dumps(result, indent=2))
            console.print(f"wrote {json_path}")
        if any(section["error"] for section in result["sections"]):
            raise typer.Exit(1)
