"""What the second factor adds to every page: the same pages, through the whole Django stack
in process, for a national administrator whose session verified its second factor
(``CADRE_MFA_REQUIRED`` on) beside the same with the setting off (the baseline: the
middleware returns at once), and the verification step itself (a code checked, the device
row locked and updated). SQLite by default (``var/bench/mfa.sqlite3``), PostgreSQL with
``DATABASE_URL``. Target: ≤ 2 ms and one query per page."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
os.environ.setdefault("CADRE_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'mfa.sqlite3'}")
os.environ["CADRE_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.setdefault("CADRE_TASKS", "eager")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cadre.accounts.models import User
    from cadre.demo.data import demo_load
    from cadre.mfa import services

    call_command("migrate", "--no-input", verbosity=0)
    demo_load()
    admin = User.objects.get(username="admin")
    TOTPDevice.objects.filter(user=admin).delete()
    StaticDevice.objects.filter(user=admin).delete()
    key = services.secret_new()
    device, _codes = services.totp_enrol(
        actor=admin, key_hex=key, code=services.totp_code(key, time.time())
    )

    client = Client()
    client.force_login(admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    pages = ["/mfa/", "/accounts/profile/", "/orgs/"]

    def timings(url: str) -> tuple[list[float], list[float]]:
        """Off and on alternately, request by request (the machine's noise hits both)."""
        out: dict[bool, list[float]] = {False: [], True: []}
        for i in range(2 * (args.runs + 3)):
            enforced = bool(i % 2)
            settings.CADRE_MFA_REQUIRED = enforced
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if i >= 6:
                out[enforced].append(elapsed)
        return sorted(out[False]), sorted(out[True])

    def queries(url: str, enforced: bool) -> int:
        settings.CADRE_MFA_REQUIRED = enforced
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    def p95(values: list[float]) -> float:
        return values[max(0, int(len(values) * 0.95) - 1)]

    print(f"database: {connection.vendor}, {args.runs} requests a page each way")
    print(
        f"{'page':<22} {'off p50':>8} {'on p50':>8} {'off p95':>8} {'on p95':>8} "
        f"{'Δp50 ms':>8} {'queries off/on':>15}"
    )
    for url in pages:
        off, on = timings(url)
        m_off, m_on = statistics.median(off), statistics.median(on)
        print(
            f"{url:<22} {m_off:8.2f} {m_on:8.2f} {p95(off):8.2f} {p95(on):8.2f} "
            f"{m_on - m_off:8.2f} {queries(url, False):>7}/{queries(url, True):<7}",
            flush=True,
        )
    settings.CADRE_MFA_REQUIRED = True

    # The verification step: a fresh code each time (last_t moved back between runs).
    checks = []
    for _ in range(args.runs):
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        started = time.perf_counter()
        services.second_factor_verify(user=admin, code=services.totp_code(key, time.time()))
        checks.append((time.perf_counter() - started) * 1000)
    checks.sort()
    print(f"code check (service): p50 {statistics.median(checks):.2f} ms, p95 {p95(checks):.2f} ms")


if __name__ == "__main__":
    main()
