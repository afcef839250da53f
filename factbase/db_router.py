"""Reads of the REST API from a streaming replica (`DATABASE_REPLICA_URL`); all else on the primary.

Only GET and HEAD requests under /api/ read from the replica, and only the newsroom's data:
authentication (users, tokens, sessions, permissions), the event feed, the job queue and the
cache table are always read from the primary, so a token works the moment it is issued and stops
working the moment it is revoked, whatever the replica's lag. Writes, the admin, migrations and
management commands use the primary: outside an API read nothing sets the replica as the place
to read from.

Read-your-writes: after a client writes (any POST, PUT, PATCH or DELETE carrying a credential)
or reads a page of the event feed, the primary's WAL position is remembered in the cache under
that credential (the Authorization header, else the session cookie), for at most
DATABASE_REPLICA_PIN_SECONDS. That client's reads go to the primary until the replica has
replayed up to that position, then to the replica again.
A position rather than a fixed window: no guess of the lag to tune, and reads return to the
replica as soon as it has the write. A replica that cannot be reached sends reads to the
primary, trying it again after REPLICA_RETRY_SECONDS.
"""

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

REPLICA = "replica"
API_PREFIX = "/api/"
READ_METHODS = frozenset({"GET", "HEAD"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Read from the primary whatever the request: credentials and permissions (a revoked token must
# fail at once), the event feed and job queue (their cursors and locks are the primary's), and
# Django's database cache table (which holds the read-your-writes positions themselves).
PRIMARY_ONLY_APPS = frozenset(
    {"auth", "knox", "sessions", "contenttypes", "admin", "django_cache", "events", "jobs"}
)
# After the replica could not be reached, reads go to the primary for this long before the
# replica is tried again (so a replica that is down costs one failed connection per process
# per interval, not one per request).
REPLICA_RETRY_SECONDS = 10.0
# Reads on the primary whose answer a client acts on by reading more: after a page of the event
# feed, the client's reads see at least what the page reported (a sync job fetching the `url`
# of an event gets that change, not the replica's past), as after a write of its own.
POSITION_KEEPING_READS = frozenset({"event-feed"})
PIN_KEY_PREFIX = "factbase:replica-pin:"

# The alias this request's reads go to when a router decides (None: the primary).
_reads_from: ContextVar[str | None] = ContextVar("factbase_reads_from", default=None)
_replica_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@checks.register(checks.Tags.caches)
def check_shared_cache(**kwargs: object) -> list[checks.CheckMessage]:
    """Read-your-writes positions live in the cache: a per-process cache holds them for the
    process that served the write only."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if replica_configured() and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "DATABASE_REPLICA_URL is set but the cache is per process: a client reads its "
                "own writes only from the worker that served the write.",
                hint="Set CACHE_URL to a cache shared by every worker, e.g. "
                "dbcache://factbase_cache after `manage.py createcachetable`.",
                id="factbase.W001",
            )
        ]
    return []


class ReplicaRouter:
    """Sends reads to the alias chosen for the request (ReplicaReadsMiddleware); writes and
    migrations to the primary."""

    def db_for_read(self, model: type[Model], **hints: object) -> str:
        alias = _reads_from.get()
        if alias is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            # Explicit, not None: an object read from the replica must not pull its related
            # objects, or a later read of the same request, from there.
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type[Model], **hints: object) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: object) -> bool:
        return True  # both aliases hold the same database

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == DEFAULT_DB_ALIAS


def credential_key(request: HttpRequest) -> str | None:
    """Who is asking, as the cache key of their read-your-writes position: the credential they
    present (a token or a session) under a keyed hash, so the cache holds no usable secret;
    None for anonymous requests."""
    credential = request.META.get("HTTP_AUTHORIZATION") or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME
    )
    if not credential:
        return None
    return PIN_KEY_PREFIX + salted_hmac(PIN_KEY_PREFIX, credential, algorithm="sha256").hexdigest()


def _replica_reachable() -> bool:
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        logger.warning(
            "The read replica cannot be reached; reads go to the primary for %ss.",
            REPLICA_RETRY_SECONDS,
            exc_info=True,
        )
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        return False
    return True


def _replica_has_replayed(lsn: str) -> bool:
    """Whether the replica has replayed the primary's WAL up to `lsn` (False when unsure)."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            return bool(cursor.fetchone()[0])  # NULL (not a standby): unsure
    except DatabaseError:
        logger.warning("The read replica's replay position is unknown.", exc_info=True)
        return False


def reads_alias(request: HttpRequest) -> str:
    """Where this request's reads of the newsroom's data go."""
    if request.method not in READ_METHODS or not request.path.startswith(API_PREFIX):
        return DEFAULT_DB_ALIAS
    if not _replica_reachable():
        return DEFAULT_DB_ALIAS
    key = credential_key(request)
    lsn = cache.get(key) if key else None
    if lsn is not None and not _replica_has_replayed(lsn):
        return DEFAULT_DB_ALIAS
    return REPLICA


def remember_position(request: HttpRequest) -> None:
    """After a write request has committed (or a read of the event feed): the primary's WAL
    position, which the client's next reads wait for."""
    key = credential_key(request)
    if key is None:
        return
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        # The insert position: at or past the end of every transaction committed so far,
        # whatever synchronous_commit says.
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        lsn = cursor.fetchone()[0]
    cache.set(key, lsn, timeout=settings.DATABASE_REPLICA_PIN_SECONDS)


class ReplicaReadsMiddleware:
    """Chooses the database each request reads from; remembers where a client's writes got to.
    Not used when no replica is configured."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reads_from.set(reads_alias(request))
        try:
            response = self.get_response(request)
        finally:
            _reads_from.reset(token)
        if response.status_code < 400 and (
            request.method in WRITE_METHODS
            or getattr(request.resolver_match, "url_name", None) in POSITION_KEEPING_READS
        ):
            # Here the request's transaction (ATOMIC_REQUESTS) has committed; a refused write
            # rolled back and changed nothing to wait for.
            remember_position(request)
        return response
