"""The HTML report: build_report(run_dirs, out_dir) writes a static site that opens from disk.

Imported lazily, so that registering the CLI commands does not load matplotlib and pandas.
"""

from __future__ import annotations


def build_report(*args, **kwargs):
    """See harness.report.build.build_report."""
    from harness.report.build import build_report as build

    return build(*args, **kwargs)


__all__ = ["build_report"]
