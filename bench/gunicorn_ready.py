"""Gunicorn settings for the benchmark's servers: each worker, once it has loaded the
application, leaves a file named for its pid in $BENCH_READY_DIR.

The master accepts connections before its workers have loaded Django, and wrk keeps its
connections open: a load test started then would pin every connection on the first worker up.
The benchmark waits for all the files before measuring (bench/run_newsroom.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def post_worker_init(worker: Any) -> None:
    Path(os.environ["BENCH_READY_DIR"], str(worker.pid)).touch()
