"""System checks of the deployment (`manage.py check --deploy`) that Django's own do not cover."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

W001 = Warning(
    "SECURE_PROXY_SSL_HEADER is set, so the site runs behind a proxy, but NUM_PROXIES is 0.",
    hint=(
        "Every visitor then has the proxy's address: rate limits and the sign-in throttle count them "
        "together, and one attacker can lock a staff member out for everyone. Set NUM_PROXIES to the "
        "number of proxies that append to X-Forwarded-For (usually 1)."
    ),
    id="kumppanuus.W001",
)


@register(Tags.security, deploy=True)
def check_proxy_addresses(app_configs, **kwargs):
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(settings, "NUM_PROXIES", 0):
        return [W001]
    return []
