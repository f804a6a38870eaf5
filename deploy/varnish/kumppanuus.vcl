#
# Varnish in front of Kumppanuus (gunicorn). VCL 4.1, Varnish 7.x (Debian bookworm: 7.1).
#
# What it caches: exactly what the site marks public, i.e. the anonymous pages that Django's own page cache
# stores (`Cache-Control: public, max-age=0, s-maxage=N`: Varnish keeps them N seconds, browsers revalidate),
# and the static files WhiteNoise serves. Nothing else: a response without Cache-Control, with
# private/no-cache/no-store, with max-age=0 and no s-maxage, with Set-Cookie, or a 5xx is never stored.
#
# Who bypasses it: staff and anyone with a message waiting (a `sessionid` or `messages` cookie), every
# POST, and /admin/, /django-admin/, /captcha/, /health/. Everyone else's Cookie header is dropped before
# the lookup, so visitors share one copy and none of them can see another's cookies.
#
# Purges: the site sends `PURGE <path>` with `Host: <its host>` for each changed page (FRONTEND_CACHE_URLS,
# kumppanuus.frontend_cache.VarnishBackend), and `PURGE /` with `X-Purge-All: 1` to empty the cache. Only
# the addresses of the `purgers` ACL below may purge.
#
# The backend: gunicorn's address, 127.0.0.1:8000 below. Edit the two marked lines (or render them, as
# the load test and scripts/bench_varnish.py do:
#   sed -e 's/"127.0.0.1";  # BACKEND_HOST/"10.0.0.5";  # BACKEND_HOST/' kumppanuus.vcl; README: "HTTP cache in front").
#
vcl 4.1;

import cookie;
import std;

backend default {
    .host = "127.0.0.1";  # BACKEND_HOST
    .port = "8000";  # BACKEND_PORT
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
}

# Who may send PURGE: the app servers. Add their addresses when they are not on this machine.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    unset req.http.x-csrf-cookie;  # set below only, never taken from the client
    unset req.http.x-ban;
    # One spelling of the host, so that a purge for "kunta.fi" meets what was stored for "Kunta.fi:80".
    if (req.http.host) {
        set req.http.host = regsub(std.tolower(req.http.host), ":(80|443)$", "");
    }

    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Purge-All == "1") {
            set req.http.x-ban = "obj.status != 0";
        } else {
            set req.http.x-ban = "obj.http.x-host == " + req.http.host + " && obj.http.x-url-path == " + regsub(req.url, "\?.*$", "");
        }
        if (!std.ban(req.http.x-ban)) {
            return (synth(400, std.ban_error()));
        }
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|captcha|health)(/|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    cookie.parse(req.http.Cookie);
    if (cookie.isset("sessionid") || cookie.isset("messages")) {
        # Signed-in staff, or a visitor with a message waiting ("Thank you for your feedback"):
        # their pages are their own.
        return (pass);
    }
    # Everyone else shares the cached copies: no Cookie in the lookup (the pages say `Vary: Cookie`,
    # and no cookie at all is one and the same variant for all). The CSRF cookie alone goes on to the
    # backend on a miss (vcl_backend_fetch), so that a page with a form keeps the visitor's CSRF secret
    # instead of replacing it (which would break a form left open in another tab); such a page sets the
    # cookie again, so it is never stored.
    if (cookie.isset("csrftoken")) {
        set req.http.x-csrf-cookie = "csrftoken=" + cookie.get("csrftoken");
    }
    unset req.http.Cookie;

    # The language: a URL under /fi/ or /sv/ is in that language whatever the browser asks for, so the
    # header goes (one variant instead of one per Accept-Language spelling). Elsewhere (the root, the APIs)
    # it is cut down to the language the site would choose, fi or sv, and the backend sees that same value.
    if (req.url ~ "^/(fi|sv)(/|\?|$)") {
        unset req.http.Accept-Language;
    } elsif (req.http.Accept-Language ~ "(?i)^\s*(sv)\b" || (req.http.Accept-Language ~ "(?i)(^|,)\s*sv\b" && req.http.Accept-Language !~ "(?i)(^|,)\s*fi\b")) {
        set req.http.Accept-Language = "sv";
    } else {
        set req.http.Accept-Language = "fi";
    }
    return (hash);
}

sub vcl_backend_fetch {
    if (bereq.http.x-csrf-cookie) {
        set bereq.http.Cookie = bereq.http.x-csrf-cookie;
        unset bereq.http.x-csrf-cookie;
    }
}

sub vcl_backend_response {
    # What a purge compares with: the request's host and path (without the query: a purge of a page
    # covers all its query strings).
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-url-path = regsub(bereq.url, "\?.*$", "");
    # The variant is chosen by the lookup's headers, which carry no Cookie: the CSRF cookie handed to the
    # backend must not become part of the stored variant.
    unset bereq.http.Cookie;

    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            return (abandon);  # keep serving the copy in grace
        }
        set beresp.ttl = 1s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || !beresp.http.Cache-Control
        || beresp.http.Cache-Control ~ "(?i)(private|no-cache|no-store)"
        || beresp.http.Vary == "*"
        || beresp.ttl <= 0s) {
        # Not for sharing. Remembered for a while as such (hit-for-miss), so that requests for it are not
        # queued behind each other.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Django does not compress pages: Varnish does, once per stored copy (public pages only, so no secret
    # is ever compressed next to what a visitor typed).
    if (!beresp.http.Content-Encoding && beresp.http.Content-Type ~ "^(text/|application/(json|javascript|xml|rss\+xml|atom\+xml|ld\+json))") {
        set beresp.do_gzip = true;
    }
    # Short grace: after expiry, one more visitor may get the old copy while a new one is fetched. A purge
    # removes a copy at once, grace or not.
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-host;
    unset resp.http.x-url-path;
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "HIT";
    } else {
        set resp.http.X-Proxy-Cache = "MISS";
    }
}

sub vcl_synth {
    # A purge's answer is for a program: one line, not Varnish's error page.
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason + {"
"};
        return (deliver);
    }
}
