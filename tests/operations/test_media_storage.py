"""Production settings keep uploads in S3-compatible object storage when a bucket is named (django-storages),
and on the local disk otherwise. Each case imports the settings in a new process, as a server would."""

import json
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "class": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "url": default_storage.url("original_images/kunnantalo.jpg"),
    "img-src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "admin-img-src": settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def production(**extra):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "kumppanuus.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "kunta.example",
        "AWS_EC2_METADATA_DISABLED": "true",  # never look for credentials on the network
        **extra,
    }
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_bucket_uploads_stay_on_the_local_disk():
    found = production(MEDIA_ROOT="/srv/kumppanuus/media")
    assert found["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["url"] == "/media/original_images/kunnantalo.jpg"


def test_a_bucket_puts_uploads_in_s3_compatible_storage_with_signed_links():
    found = production(
        AWS_STORAGE_BUCKET_NAME="koivula-media",
        AWS_S3_ENDPOINT_URL="https://s3.kunta.example",
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_ACCESS_KEY_ID="AKIAKOIVULAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret-key",
    )
    assert found["backend"] == found["class"] == "storages.backends.s3.S3Storage"
    # Signed locally by botocore: no request leaves the machine.
    assert found["url"].startswith("https://s3.kunta.example/koivula-media/original_images/kunnantalo.jpg?")
    assert "X-Amz-Signature=" in found["url"] and "X-Amz-Credential=AKIAKOIVULAEXAMPLE" in found["url"]
    assert "X-Amz-Expires=86400" in found["url"]
    # The content security policy lets pages and the admin show images from there.
    assert "https://s3.kunta.example" in found["img-src"] and "https://s3.kunta.example" in found["admin-img-src"]


def test_a_public_bucket_behind_its_own_domain_gets_plain_links():
    found = production(
        MEDIA_S3_BUCKET="koivula-media", AWS_S3_CUSTOM_DOMAIN="media.kunta.example", AWS_QUERYSTRING_AUTH="0",
    )
    assert found["class"] == "storages.backends.s3.S3Storage"
    assert found["url"] == "https://media.kunta.example/original_images/kunnantalo.jpg"
    assert found["img-src"][-1] == "https://media.kunta.example" and "'self'" in found["img-src"]


def test_a_bucket_on_aws_itself_is_allowed_by_its_host_names():
    found = production(
        AWS_STORAGE_BUCKET_NAME="koivula-media", AWS_S3_REGION_NAME="eu-north-1",
        AWS_ACCESS_KEY_ID="AKIAKOIVULAEXAMPLE", AWS_SECRET_ACCESS_KEY="not-a-real-secret-key",
    )
    assert found["url"].split("?")[0] in (
        "https://koivula-media.s3.amazonaws.com/original_images/kunnantalo.jpg",
        "https://koivula-media.s3.eu-north-1.amazonaws.com/original_images/kunnantalo.jpg",
    )
    assert found["url"].split("/original_images")[0] in found["img-src"]
