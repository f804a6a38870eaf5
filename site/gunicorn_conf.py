"""gunicorn's settings for the site: `gunicorn -c python:kumppanuus.gunicorn_conf kumppanuus.wsgi`.
Options given on the command line (--bind, --workers…) override these."""

import multiprocessing

from gunicorn.glogging import Logger

from kumppanuus.accesslog import mask, network

bind = "127.0.0.1:8000"
workers = 2 * multiprocessing.cpu_count() + 1  # sync workers; no request waits for SMTP or other slow work
timeout = 30
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
# gunicorn's control interface is not used (systemd signals the master); its socket has one path per
# user, so two gunicorns on one machine (a second site, the benchmarks, the load tests) would share it.
control_socket_disable = True
# The access log to standard error (the journal), without bearer links, query strings or full client
# addresses (kumppanuus.accesslog).
accesslog = "-"
logger_class = "kumppanuus.gunicorn_conf.AccessLogger"


class AccessLogger(Logger):
    """gunicorn's logger; the access log's atoms without tokens, query strings or full client addresses."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = mask(value)
        atoms["q"] = "-"
        for key in ("h", "{remote_addr}e", "{x-forwarded-for}i", "{http_x_forwarded_for}e", "{x-real-ip}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = ", ".join(network(part.strip()) for part in atoms[key].split(","))
        return atoms
