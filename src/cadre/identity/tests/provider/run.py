"""``python -m cadre.identity.tests.provider.run``: migrate the provider's database and serve
it on 127.0.0.1:$PROVIDER_PORT until killed."""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write("provider: " + (format % args) + "\n")


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.identity.tests.provider.settings"
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    app = get_wsgi_application()
    port = int(os.environ["PROVIDER_PORT"])
    server = make_server("127.0.0.1", port, app, server_class=_Server, handler_class=_Quiet)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
