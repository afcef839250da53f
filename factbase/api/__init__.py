"""API plumbing shared by the apps: router, errors, pagination, permissions, conditional requests.

Nothing here knows about sources or claims; the apps' views build on it and `factbase.urls`
registers them on a `factbase.api.router.FactbaseRouter`. This package imports nothing at
load time, so settings can name its classes without import cycles.
"""
