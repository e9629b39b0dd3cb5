"""Percentiles and the machine a run happened on."""

from __future__ import annotations

import contextlib
import os
import platform
import sqlite3
import subprocess
from importlib import metadata

import numpy as np


def summarise(samples_ms: list[float]) -> dict:
    if not samples_ms:
        return {"n": 0}
    values = np.asarray(samples_ms, dtype=float)
    return {"n": len(values), "mean": _r(values.mean()), "p50": _r(np.percentile(values, 50)),
            "p95": _r(np.percentile(values, 95)), "p99": _r(np.percentile(values, 99)), "max": _r(values.max())}


def _r(value: float) -> float:
    return round(float(value), 3)


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    memory_gb = None
    with contextlib.suppress(ValueError, OSError):
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpu": cpu or platform.processor(), "cores": os.cpu_count(), "memory_gb": memory_gb,
        "os": platform.platform(), "python": platform.python_version(),
        "whoosh": _version("whoosh3"), "tantivy": _version("tantivy"), "numpy": _version("numpy"),
        "sqlite": sqlite3.sqlite_version, "commit": _git_commit(),
    }


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
    except OSError:
        return None
    return out.stdout.strip() or None
