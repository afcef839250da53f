"""The benchmark's reference implementations, served only by the benchmark's own settings."""
