"""A real OpenID Connect provider for the identity tests: a small Django project running
django-oauth-toolkit's OIDC provider in its own process (``run.py``), with its own database
and an RS256 key the tests generate. ``/test/setup`` creates its users and the client;
``/test/fault`` makes the next token answer carry a bad ID token (decision 0026)."""
