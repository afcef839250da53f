"""Sessions of the test server outside Django's connection, made as Django makes its own: the
embedded server is reached through a socket directory given in OPTIONS, not HOST, so a session
built from HOST and PORT alone would reach another server."""

import psycopg
from django.db import connection


def raw_connection(dbname: str | None = None) -> psycopg.Connection:
    """A new session of the test database (or of `dbname` on the same server)."""
    parameters = connection.get_connection_params()
    if dbname is not None:
        parameters["dbname"] = dbname
    return psycopg.connect(
        **{
            key: parameters[key]
            for key in ("dbname", "user", "password", "host", "port")
            if parameters.get(key)
        }
    )
