"""Production: secrets and hosts from the environment (fail fast), HTTPS, a shared cache, the database
task queue with its worker (`manage.py db_worker`)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

DEMO_CONTENT_ALLOWED = False  # load_demo refuses without --force: use start_site

TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# HTTPS. Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1.
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ping/$"]  # load balancers' checks over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
# Both bind more than this site (every subdomain of the host; browsers' preload lists, hard to leave): off
# unless the municipality decides so for its whole domain.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# check --deploy asks for both; leaving them off is the documented choice, not an oversight.
SILENCED_SYSTEM_CHECKS = [
    *globals().get("SILENCED_SYSTEM_CHECKS", []),
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

# An HTTP cache in front (Varnish): FRONTEND_CACHE_URLS and FRONTEND_CACHE_SECONDS are read in base.py,
# so that every environment can be put behind one; unset, no proxy is purged.

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405

# Uploads (images, documents) in S3-compatible object storage when a bucket is named, so that every app
# server sees the same files; else on the local disk in MEDIA_ROOT. The keys come from AWS_ACCESS_KEY_ID
# and AWS_SECRET_ACCESS_KEY (or an instance role). Keep the bucket private: links are signed and expire.
MEDIA_S3_BUCKET = env.str("AWS_STORAGE_BUCKET_NAME", default="") or env.str("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            # Longer than any cache keeps a page that links to a file.
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=86_400),
            "file_overwrite": False,
        },
    }
    # Pages show images (and play media) from the bucket's address: the content security policy must allow it.
    _options = STORAGES["default"]["OPTIONS"]  # noqa: F405
    if _options["custom_domain"]:
        MEDIA_SOURCES = [f"https://{_options['custom_domain']}"]
    elif _options["endpoint_url"]:
        MEDIA_SOURCES = [_options["endpoint_url"].rstrip("/")]
    else:  # AWS itself: the bucket's own host name, with or without the region
        MEDIA_SOURCES = [f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com"] + (
            [f"https://{MEDIA_S3_BUCKET}.s3.{_options['region_name']}.amazonaws.com"] if _options["region_name"] else []
        )
    for _policy in (globals().get("CONTENT_SECURITY_POLICY"), globals().get("ADMIN_CONTENT_SECURITY_POLICY")):
        if _policy:
            for _directive in ("img-src", "media-src"):
                _policy["DIRECTIVES"][_directive] = [*_policy["DIRECTIVES"].get(_directive, ["'self'"]), *MEDIA_SOURCES]

LOGGING["root"]["level"] = env.str("LOG_LEVEL", default="INFO")  # noqa: F405
