"""The product's settings plus the benchmark's reference routes (bench/reference/urls.py).

Only bench/run_newsroom.py serves with these; the product never mounts the reference views.
"""

from factbase.settings import *  # noqa: F403 - the product's settings, unchanged but the URLs

ROOT_URLCONF = "bench.reference.urls"
