"""Settings shared by every environment. Everything that differs per deployment is read here, from
environment variables, in one place."""

import shutil
from datetime import timedelta
from pathlib import Path

import environ

# The package itself (site/ in the checkout, kumppanuus/ when installed): templates, static files and, when
# installed, the compiled catalogues ship inside it.
PROJECT_DIR = Path(__file__).resolve().parent.parent
# Files written at run time (.env, var/static, var/media, the SQLite default) live in the working directory:
# the checkout while developing, the site's folder in production (the systemd unit's WorkingDirectory),
# never site-packages. STATIC_ROOT, MEDIA_ROOT and DATABASE_URL override them.
BASE_DIR = Path.cwd()

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional, never committed

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "kumppanuus",
    "home",
    "engagement",
    "engagement.feedback",
    "engagement.proposals",
    "engagement.events",
    "engagement.directory",
    "engagement.consultations",
    "engagement.privacy",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "kumppanuus.frontend_cache.FrontendCacheConfig",  # wagtail.contrib.frontend_cache, purged by kumppanuus.pagecache
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "captcha",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",  # the public API (events, initiatives, Open311); kumppanuus.api
    "django_filters",
    "drf_spectacular",  # its OpenAPI document at /api/schema/
    "drf_spectacular_sidecar",  # Swagger UI at /api/docs/ from our own static files (no CDN)
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # above the page cache: a cached API answer gets its CORS headers too
    "kumppanuus.security.SecurityHeadersMiddleware",  # CSP, Permissions-Policy; outside the page cache
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # outside it too, and above the 429 of rate limits
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kumppanuus.caching.VersionsPerRequest",  # each cache namespace's version read once per request
    "kumppanuus.pagecache.PageCacheMiddleware",  # a hit skips everything below
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "engagement.ratelimit.PublicPostRateLimitMiddleware",  # every POST outside /admin/, in the URL's language
    "kumppanuus.security.RejectNulBytesMiddleware",  # 400 for a NUL in the path or query
    "django.middleware.common.CommonMiddleware",
    "home.middleware.PageRoutingMiddleware",  # the site and the home page from the layout cache; below Common: hosts checked
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a sign-in lockout into the lockout page
]

# Sign-in lockout (django-axes, kumppanuus.security): failed sign-ins are counted per username and client
# address in the database, so every app server agrees; a successful sign-in clears them.
AUTHENTICATION_BACKENDS = ["kumppanuus.security.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "engagement.ratelimit.client_address"  # honours NUM_PROXIES like the rate limits
AXES_LOCKOUT_CALLABLE = "kumppanuus.security.lockout_response"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # no log of every staff sign-in with its address (personal data)
SIGN_IN_ATTEMPT_RETENTION_DAYS = env.int("SIGN_IN_ATTEMPT_RETENTION_DAYS", default=30)

ROOT_URLCONF = "kumppanuus.urls"
WSGI_APPLICATION = "kumppanuus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: write-ahead log, so that readers never wait for a writer (each form page
    # stores a captcha), and write transactions that take the lock at once instead of failing with
    # "database is locked" when two upgrade at the same time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_settings(url):
    """CACHE_URL as Django settings. A redis:// or rediss:// URL means Django's own Redis backend
    (kumppanuus.redis_cache: it rides out an outage), with short socket timeouts; options may follow
    in the query string (?socket_timeout=2)."""
    if not url.startswith(("redis://", "rediss://")):
        return environ.Env.cache_url_config(url)
    config = environ.Env.cache_url_config(url, backend="django.core.cache.backends.redis.RedisCache")
    config["BACKEND"] = "kumppanuus.redis_cache.ResilientRedisCache"
    config["OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1, **config.get("OPTIONS", {})}
    return config


CACHES = {"default": cache_settings(env.str("CACHE_URL", default="locmemcache://kumppanuus"))}
# Full-page cache of anonymous GETs (kumppanuus.pagecache): how long an entry may live at most; any
# change a page could show clears it sooner. 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# An HTTP cache in front (Varnish, deploy/varnish/): the responses the page cache stores say
# `Cache-Control: public, max-age=0, s-maxage=FRONTEND_CACHE_SECONDS`, and every purge of the page cache
# reaches the proxies at FRONTEND_CACHE_URLS (comma-separated base URLs of their PURGE endpoints, e.g.
# http://127.0.0.1:6081) after the commit. Unset: no proxy to purge.
FRONTEND_CACHE_SECONDS = env.int("FRONTEND_CACHE_SECONDS", default=PAGE_CACHE_SECONDS)


def frontend_cache_settings(urls):
    """WAGTAILFRONTENDCACHE for FRONTEND_CACHE_URLS: one kumppanuus.frontend_cache.VarnishBackend per proxy."""
    return {
        f"proxy{number}": {"BACKEND": "kumppanuus.frontend_cache.VarnishBackend", "LOCATION": url.strip()}
        for number, url in enumerate((url for url in urls if url.strip()), start=1)
    }


WAGTAILFRONTENDCACHE = frontend_cache_settings(env.list("FRONTEND_CACHE_URLS", default=[]))
WAGTAILFRONTENDCACHE_LANGUAGES = []  # the purges name each translation's own URL: no rewriting of /fi/ to /sv/

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Finnish first (the default), Swedish second. The admin also speaks English.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
# Installed: the catalogues compiled into the package; editable install: the checkout's locale/.
LOCALE_PATHS = [PROJECT_DIR / "locale" if (PROJECT_DIR / "locale").is_dir() else PROJECT_DIR.parent / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads: a public form never takes more than this in one request.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# `load_demo` (made-up residents' personal data) runs only where this is True; production says False.
DEMO_CONTENT_ALLOWED = True

WAGTAIL_SITE_NAME = "Kumppanuus"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

# Email: SMTP in production (EMAIL_URL=smtp+tls://user:pass@host:587), the console in development.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Koivulan kunta <noreply@koivula.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# How many times the outbox tries to send an email before it waits for an operator.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=8)
# The wait before the first retry of a failed email; it doubles with each attempt, up to six hours.
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=60)

# Email and other slow work leave the request through a task queue (django-tasks).
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# Public forms: captcha, rate limits (requests per window per client address).
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10  # minutes
# The audio alternative is offered where flite is installed (Debian: apt-get install flite).
CAPTCHA_FLITE_PATH = env.str("CAPTCHA_FLITE_PATH", default=shutil.which("flite") or "")
PUBLIC_FORM_RATE_LIMIT = env.str("PUBLIC_FORM_RATE_LIMIT", default="10/10m")
# All public POSTs of one client together (engagement.ratelimit); empty: five times the above.
PUBLIC_POST_RATE_LIMIT = env.str("PUBLIC_POST_RATE_LIMIT", default="")
# Receipts (mails a public form sends at once to the address typed in it) per address, whatever the client.
RECEIPT_RATE_LIMIT = env.str("RECEIPT_RATE_LIMIT", default="10/h")
# Number of proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# /health/ shows its checks (queue counts) only to loopback or to `Authorization: Bearer HEALTH_TOKEN`.
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")
# The admin's sign-in and password reset, per client address whatever the username (engagement.ratelimit);
# a password reset also per email typed in.
# The proposer's private page and an event's manage link work this many days after the decision (engagement.links).
PRIVATE_LINK_DAYS_AFTER_DECISION = env.int("PRIVATE_LINK_DAYS_AFTER_DECISION", default=30)
# Event sign-ups: one address signs up for one event at most this many times (cancelled ones included),
# and one client makes at most this many sign-ups for one event (engagement.events).
SIGNUP_MAX_PER_EMAIL = env.int("SIGNUP_MAX_PER_EMAIL", default=3)
SIGNUP_CLIENT_RATE_LIMIT = env.str("SIGNUP_CLIENT_RATE_LIMIT", default="5/d")
ADMIN_SIGN_IN_RATE_LIMIT = env.str("ADMIN_SIGN_IN_RATE_LIMIT", default="30/10m")
ADMIN_PASSWORD_RESET_RATE_LIMIT = env.str("ADMIN_PASSWORD_RESET_RATE_LIMIT", default="5/h")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content security policy (kumppanuus.security, django-csp). The public site has no inline scripts or
# styles; embedded videos may come from CSP_EMBED_SOURCES. The admin needs inline scripts and styles.
CSP_EMBED_SOURCES = env.list(
    "CSP_EMBED_SOURCES",
    default=["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *CSP_EMBED_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'self'"],  # previews are shown in a frame of the admin
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars from a third party in the admin

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No private link (a bearer token) in any log line: kumppanuus.accesslog.
    "filters": {"mask_tokens": {"()": "kumppanuus.accesslog.MaskTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"engagement": {"level": "INFO", "propagate": True}},
}


# Module settings. Retention periods are in days.
FEEDBACK_RETENTION_DAYS = env.int("FEEDBACK_RETENTION_DAYS", default=365)
PROPOSAL_SUPPORTER_RETENTION_DAYS = env.int("PROPOSAL_SUPPORTER_RETENTION_DAYS", default=365)
SIGNUP_RETENTION_DAYS = env.int("SIGNUP_RETENTION_DAYS", default=30)
# Who sent an association entry or an event in (name, email, message), after the moderators' decision: long
# enough to answer questions about the decision, short enough not to keep a register of people.
PAGE_SUBMISSION_RETENTION_DAYS = env.int("PAGE_SUBMISSION_RETENTION_DAYS", default=365)
EMAIL_RETENTION_DAYS = env.int("EMAIL_RETENTION_DAYS", default=90)  # sent and failed emails in the outbox
PRIVACY_LOG_RETENTION_DAYS = env.int("PRIVACY_LOG_RETENTION_DAYS", default=730)  # uses of the privacy tools
# Rows apply_retention erases per transaction (engagement/retention.py): bounded memory and short locks.
RETENTION_BATCH_SIZE = env.int("RETENTION_BATCH_SIZE", default=2000)
# The key of the privacy log's email hashes (HMAC-SHA256); empty: derived from SECRET_KEY. Set it to
# keep finding earlier log entries by address across a change of SECRET_KEY.
PRIVACY_HASH_KEY = env.str("PRIVACY_HASH_KEY", default="")

# The public API (kumppanuus.api; each module's api.py): read-only JSON for anyone, no sessions or keys
# (Open311's POST checks its own API key), one page shape for every listing, documented at /api/schema/
# and /api/docs/ (drf-spectacular; `manage.py spectacular --validate --fail-on-warn` in `make check`).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "kumppanuus.api.PublicPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kumppanuus public API",
    "DESCRIPTION": (
        "Read-only open data of the municipality's participation site: events, residents' initiatives, and "
        "feedback as Open311 GeoReport v2. Listings are paginated (`page`, `page_size`: 50 by default, at most "
        "200). Texts and names come in the request's language (`Accept-Language`: fi or sv; events also take "
        "`language`). These descriptions are in English; the data is in Finnish and Swedish."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to swagger.io's validator from the visitor's browser (and the CSP would refuse it anyway).
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "PREPROCESSING_HOOKS": ["kumppanuus.api.public_json_endpoints"],
    "ENABLE_LIST_MECHANICS_ON_NON_2XX": True,  # Open311's errors are lists too
}
# CORS (django-cors-headers): any site may read the API and Open311 from a browser; nothing else of
# this site is shared, and no credentials are.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|open311)/.*$"
CORS_ALLOW_METHODS = ["GET"]
CORS_ALLOW_CREDENTIALS = False
