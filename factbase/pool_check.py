"""The check a pooled database connection passes before a request uses it: a round trip only
when something has arrived on the connection since it was last used.

psycopg_pool's own check (`ConnectionPool.check_connection`, the one Django gives the pool with
`CONN_HEALTH_CHECKS`) runs an empty statement on every connection taken from the pool: a round
trip to the server for every request, and a few per cent of a list request's CPU time in
psycopg's Python. But a server that drops a connection says so: on a restart or shutdown, a
terminated backend or an idle-session timeout it sends an error and closes the connection, and
the socket becomes readable. An idle connection that is fine receives nothing (the web process
listens for no notifications). So the socket is polled first, without waiting, and psycopg_pool's
check runs only when something is there to read (the server's goodbye, the end of the
connection, or anything else), or when the connection is not idle and open: it then fails, and
the pool discards the connection and gives another, as before.

What neither check catches is a server that vanished without closing the connection (a host
gone from the network): psycopg_pool's check then waited on the network just as the request's
first statement now does.

Django creates the pool, giving it psycopg_pool's check (`CONN_HEALTH_CHECKS`) or none, and a
check among the pool's options would be a second `check` argument; so the web process's
start-up (factbase/asgi.py) puts this one in its place with `install`. Where that is not done
(commands, tests), psycopg_pool's check stays.
"""

import select
from typing import Any

from django.db.utils import ConnectionHandler
from psycopg import Connection
from psycopg.pq import ConnStatus, TransactionStatus
from psycopg_pool import ConnectionPool


def install(connections: ConnectionHandler) -> None:
    """Check the pooled connections of every database alias with `check_connection`, where
    they are checked at all (`CONN_HEALTH_CHECKS`)."""
    for alias in connections:
        pool: Any = getattr(connections[alias], "pool", None)
        # psycopg_pool keeps the check it was given as `_check` (3.2 and 3.3; a test pins it).
        if isinstance(pool, ConnectionPool) and pool._check is ConnectionPool.check_connection:
            pool._check = check_connection


def check_connection(connection: Connection) -> None:
    """Raise as psycopg_pool's check does when the connection cannot be used."""
    if (
        connection.closed
        or connection.pgconn.status != ConnStatus.OK
        or connection.pgconn.transaction_status != TransactionStatus.IDLE
        or _has_input(connection)
    ):
        ConnectionPool.check_connection(connection)


def _has_input(connection: Connection) -> bool:
    """Whether the server has sent anything (or closed the connection) since it was last read."""
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN)
    return bool(poller.poll(0))
