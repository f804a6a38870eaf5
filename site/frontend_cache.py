"""The HTTP cache in front (Varnish), through Wagtail's frontend cache invalidator.

`VarnishBackend` speaks the purge protocol of deploy/varnish/kumppanuus.vcl: `PURGE <path>` with the
page's `Host` bans every query string of that path on that host; `PURGE /` with `X-Purge-All: 1` bans
everything. One connection per batch, a short timeout, failures logged: a proxy that is down never breaks
a save. Configured from FRONTEND_CACHE_URLS (settings), used by kumppanuus.pagecache after each commit.

`FrontendCacheConfig` installs wagtail.contrib.frontend_cache without its own page_published and
page_unpublished handlers: kumppanuus.pagecache purges those pages (and the listings that show them)
after the commit, where Wagtail's handlers would purge during the transaction and only the page itself.
"""

import http.client
import logging
from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig
from wagtail.contrib.frontend_cache.backends import HTTPBackend

logger = logging.getLogger("wagtail.frontendcache")


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    default = False

    def ready(self):
        """Not Wagtail's handlers: kumppanuus.pagecache sends these purges (see the module docstring)."""


class VarnishBackend(HTTPBackend):
    timeout = 3

    def __init__(self, params):
        self.timeout = params.pop("TIMEOUT", self.timeout)
        super().__init__(params)

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        """One PURGE per host and path (the query string goes: the proxy bans every query of a path)."""
        targets = sorted({_host_and_path(url) for url in urls})
        self._send([("PURGE", path, {"Host": host}) for host, path in targets])

    def purge_all(self):
        self._send([("PURGE", "/", {"Host": self.cache_netloc, "X-Purge-All": "1"})])

    def _connection(self):
        connection_class = http.client.HTTPSConnection if self.cache_scheme == "https" else http.client.HTTPConnection
        return connection_class(self.cache_netloc, timeout=self.timeout)

    def _send(self, requests):
        connection = self._connection()
        try:
            for method, path, headers in requests:
                for attempt in (1, 2):  # the proxy may close a kept-alive connection: once more on a new one
                    try:
                        connection.request(method, path, headers={**headers, "User-Agent": "kumppanuus-purge"})
                        response = connection.getresponse()
                        response.read()
                        break
                    except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                        connection.close()
                        connection = self._connection()
                        if attempt == 2:
                            raise
                if response.status != 200:
                    logger.error("Could not purge %s %s from %s: %s", headers["Host"], path, self.cache_netloc, response.status)
        except OSError as error:
            logger.error("Could not purge the HTTP cache at %s: %s", self.cache_netloc, error)
        finally:
            connection.close()


def _host_and_path(url):
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return host, parts.path or "/"
