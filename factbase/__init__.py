"""factbase project package: settings, URLs, the embedded-PostgreSQL bootstrap, plumbing."""
