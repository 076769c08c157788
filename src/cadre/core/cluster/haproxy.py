"""HAProxy in front of the two app servers: its configuration (health checks and the
limits on clients) and its start."""

from __future__ import annotations

import json
import os

from cadre.core.cluster.layout import Layout, say
from cadre.core.cluster.proc import _port_open, _run, _wait_port


def haproxy_config(lay: Layout) -> str:
    """HAProxy in front of the app servers: health checks on /healthz, and the limits that
    cut bad clients before they reach Python (docs/deployment.md, "Limits")."""
    max_mb = int(os.environ.get("CADRE_IMPORT_MAX_MB", "100"))
    body_limit = (max_mb + 1) * 1024 * 1024  # the largest import file plus its form
    maxconn = int(os.environ.get("CADRE_CLUSTER_MAXCONN", "500"))
    per_server = int(os.environ.get("CADRE_CLUSTER_SERVER_MAXCONN", "32"))
    too_large = json.dumps(
        {
            "detail": f"The request body is larger than the limit of {max_mb + 1} MB "
            f"(an import file of at most {max_mb} MB and its form). Nothing was read.",
            "code": "request_too_large",
        }
    )
    too_large_answer = f"content-type application/json string '{too_large}'"
    no_length = json.dumps(
        {
            "detail": "A request body sent in chunks is not accepted: send it with its "
            "length (Content-Length). Nothing was read.",
            "code": "length_required",
        }
    )
    too_large_if = f"{{ req.hdr_val(content-length) gt {body_limit} }}"
    no_length_answer = f"content-type application/json string '{no_length}'"
    chunked_if = "{ req.hdr(transfer-encoding) -m found }"
    servers = "\n".join(
        f"    server app{n} 127.0.0.1:{port} check inter 1s fall 2 rise 2 maxconn {per_server}"
        for n, port in enumerate(lay.apps, start=1)
    )
    return f"""global
    maxconn {maxconn}
    pidfile {lay.path("run", "haproxy.pid")}
    log stderr format short local0 warning

defaults
    mode http
    log global
    option httplog
    option dontlognull
    # Slow clients (slowloris): the whole request head within 10 s, else 408.
    timeout http-request 10s
    timeout connect 2s
    timeout client 60s
    timeout server 120s
    # Too many requests at once: a request waits at most 5 s for a free server slot, else 503.
    timeout queue 5s
    timeout http-keep-alive 10s
    retries 2
    option redispatch
    # A connection refused by a dead server is tried on the other one.
    retry-on conn-failure empty-response

frontend cadre
    bind 127.0.0.1:{lay.haproxy}
    maxconn {maxconn}
    # Bodies over the limit are refused before they are read (413), with a message saying so
    # (JSON like the API's own errors: HAProxy cannot know the page's language).
    http-request deny deny_status 413 {too_large_answer} if {too_large_if}
    # A body sent in chunks announces no length, so the limit above cannot see it (and the
    # app server would read it as empty): 411, send the length.
    http-request deny deny_status 411 {no_length_answer} if {chunked_if}
    http-request set-header X-Forwarded-Proto http
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
{servers}
"""


def haproxy_up(lay: Layout) -> None:
    conf = lay.path("haproxy.cfg")
    conf.write_text(haproxy_config(lay))
    if not _port_open(lay.haproxy):
        say(f"HAProxy on :{lay.haproxy}")
        _run(["haproxy", "-c", "-q", "-f", str(conf)])
        _run(["haproxy", "-D", "-f", str(conf)])
        _wait_port(lay.haproxy, "HAProxy")
