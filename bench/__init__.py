"""Benchmarks: each script prints its figures; results in docs/benchmarks.md."""
