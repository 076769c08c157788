"""Soak and faults against the running cluster (``cadre cluster up``; decision 0042).

    CADRE_RATING_MIN_SECONDS=0 CADRE_RATING_NETWORK_PER_MINUTE=1000000000 \\
        CADRE_JOB_STALE_SECONDS=20 cadre cluster up --no-demo
    .venv/bin/python bench/soak.py --minutes 10 --rate 20

For ``--minutes`` it submits citizen ratings through HAProxy at a steady ``--rate`` (one fresh
token each, made ahead on the primary like ``bench/rating_submit.py``), posts a people import
every minute (every third one with a bad row: all or nothing), reads lists and the people
indicators, and folds the scores (the fold of ``ratings/scores.py``, in this process). Meanwhile
it injects, one after another, spread over the run:

1. app server killed (SIGKILL of ``app1``'s process group): HAProxy must route around it;
   started again 20 s later.
2. Celery worker killed in the middle of an import (SIGKILL while the job runs): the job must
   write nothing and fail cleanly (the reaper), and the same file posted again must be
   written once.
3. Redis restarted (shutdown, 3 s down): 503s with a clear message at most in the window.
4. The replica stopped for 10 s: reads fall back to the primary (``core/replica.py``).
5. The upload folder filled (its tmpfs, or a plain folder where none could be mounted):
   an import is refused with a clear error (``disk_full``), nothing half-written.

Once the load has stopped it tries HAProxy's limits live, with the values of the
``haproxy.cfg`` the cluster runs (about ``timeout http-request`` seconds, the four at once):
a body announced over the limit is refused at once with 413 and a message, a body sent in
chunks (no length to check) with 411 and a message; a slow client
(slowloris: a header line a second) is answered 408 and closed at ``timeout http-request``;
with every server slot held (``maxconn`` per server, by requests whose bodies never end) one
more request waits ``timeout queue`` and is answered 503 rather than left hanging.

At the end it prints, and asserts: ratings accepted == ratings stored (none lost, none
doubled), every import all or nothing, ``cadre audit-verify`` passes, no error outside the
fault windows, HAProxy's three limits; and the rates, the p99 of rating submissions and the
errors in each window.
Exit 1 if an assertion fails. All traffic goes to 127.0.0.1 and the run stops by itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cadre.core import cluster  # noqa: E402

GRACE = 5.0  # seconds after a fault's end still counted in its window


@dataclass
class Call:
    kind: str
    started: float
    seconds: float
    status: int
    token: str = ""


@dataclass
class Window:
    name: str
    start: float
    end: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass
class Run:
    url: str
    api_key: str
    t0: float = field(default_factory=time.monotonic)
    calls: list[Call] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    imports: list[dict[str, Any]] = field(default_factory=list)
    folds: int = 0
    fold_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    limits: list[Limit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def record(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def in_window(self, t: float) -> Window | None:
        for w in self.windows:
            if w.start <= t <= (w.end or float("inf")) + GRACE:
                return w
        return None


# --- HTTP ----------------------------------------------------------------------------------


def request(
    run: Run,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    auth: bool = True,
    timeout: float = 30,
) -> tuple[int, bytes]:
    req = urllib.request.Request(run.url + path, data=body, method=method)  # noqa: S310
    req.add_header("Host", "localhost")
    req.add_header("Accept", "application/json")
    if auth:
        req.add_header("Authorization", f"Token {run.api_key}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (OSError, TimeoutError):
        return 0, b""


def multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- set-up on the primary --------------------------------------------------------------------


def django_setup() -> None:
    lay = cluster.layout()
    os.environ.update(cluster.direct_env(lay))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.settings"
    import django

    django.setup()


def prepare(tag: str, tokens: int) -> dict[str, Any]:
    """A country of its own for this run (made through the services), a desk, an API key
    for its administrator, and ``tokens`` rating tokens for distinct citizens."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from cadre.accounts import services as accounts
    from cadre.accounts.choices import Role
    from cadre.accounts.models import User
    from cadre.core.choices import AuditSource
    from cadre.orgs import services as orgs
    from cadre.orgs.choices import OrgKind
    from cadre.people import services as people
    from cadre.ratings import keys
    from cadre.ratings.models import Interaction, ServicePoint, ServiceType

    admin = User.objects.filter(username="soak-admin").first()
    if admin is None:
        admin = accounts.national_admin_bootstrap(
            username="soak-admin", password=uuid.uuid4().hex + "Aa1!"
        )
    _token, api_key = accounts.api_token_create(actor=admin, name=f"soak {tag}", days=2)

    def org(code: str, name: str, kind: str, parent: Any) -> Any:
        return orgs.organisation_create(
            actor=admin, name=name, code=code, kind=kind, parent=parent, source=AuditSource.SYSTEM
        )

    country = org(f"SOAK{tag}", f"Soak country {tag}", OrgKind.COUNTRY, None)
    body = org(f"SOAK{tag}-B", "Soak body", OrgKind.CENTRAL_BODY, country)
    unit = org(f"SOAK{tag}-U", "Soak unit", OrgKind.UNIT, body)
    desk = accounts.user_create_with_role(
        actor=admin,
        username=f"soak-desk-{tag}",
        password=uuid.uuid4().hex + "Aa1!",
        role=Role.SERVICE_DESK,
        organisation=body,
    )
    staff = [
        people.employee_create(
            actor=admin,
            personal_id=f"SOAK{tag}S{i}",
            last_name=f"Officer{i}",
            first_name="Soak",
            birth_date=dt.date(1990, 1, 1),
            gender="F",
            organisation=unit,
        )
        for i in range(4)
    ]
    point = ServicePoint.objects.create(organisation=body, code=f"SOAK{tag}-SP", name="Soak desk")
    kind = ServiceType.objects.get_or_create(
        code="certificates", defaults={"names": {"en": "Certificates and extracts"}}
    )[0]
    now = timezone.now() - dt.timedelta(minutes=5)
    made_tokens, rows = [], []
    for i in range(tokens):
        external_id = f"SOAK-{tag}-{i}"
        token = keys.token_for(desk.pk, external_id)
        made_tokens.append(token)
        rows.append(
            Interaction(
                issuer=desk,
                external_id=external_id,
                organisation=body,
                service_point=point,
                service_type=kind,
                outcome="granted",
                channel="in_person",
                occurred_at=now,
                expires_at=now + dt.timedelta(days=1),
                token_hash=keys.token_hash(token),
                citizen_key=keys.citizen_key(f"SOAK{tag}C{i}"),
            )
        )
    through = Interaction.employees.through
    with transaction.atomic():
        made = Interaction.objects.bulk_create(rows, batch_size=5000)
        # Issued five minutes ago (auto_now_add set it to now): past CADRE_RATING_MIN_SECONDS.
        Interaction.objects.filter(pk__in=[m.pk for m in made]).update(issued_at=now)
        through.objects.bulk_create(
            [
                through(interaction_id=m.pk, employee_id=staff[i % len(staff)].pk)
                for i, m in enumerate(made)
            ],
            batch_size=5000,
        )
    return {"api_key": api_key, "tokens": made_tokens, "unit": unit.code, "country": country.pk}


# --- load ------------------------------------------------------------------------------------


def ratings_loop(run: Run, tokens: list[str], rate: float, seconds: float, threads: int) -> None:
    """Submissions on a fixed schedule (``rate`` a second), shared by ``threads``."""
    lock = threading.Lock()
    state = {"i": 0}
    start = time.monotonic()

    def worker() -> None:
        while not run.stop.is_set():
            with lock:
                i = state["i"]
                state["i"] += 1
            due = start + i / rate
            if due - start > seconds or i >= len(tokens):
                return
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            body = json.dumps({"token": tokens[i], "overall": 1 + i % 5}).encode()
            t = time.monotonic()
            status, _ = request(
                run,
                "POST",
                "/api/v1/ratings/",
                body,
                {"Content-Type": "application/json"},
                auth=False,
                timeout=20,
            )
            run.record(Call("rating", t, time.monotonic() - t, status, tokens[i]))

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()


def reads_loop(run: Run, country: int, seconds: float) -> None:
    paths = [
        "/api/v1/employees/?page_size=20",
        f"/api/v1/indicators/?within={country}",
        "/api/v1/employee-scores/?page_size=20",
        "/api/v1/jobs/?page_size=10",
    ]
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end and not run.stop.is_set():
        path = paths[n % len(paths)]
        n += 1
        t = time.monotonic()
        status, _ = request(run, "GET", path, timeout=20)
        run.record(Call("read", t, time.monotonic() - t, status))
        time.sleep(0.5)


def folds_loop(run: Run, seconds: float) -> None:
    """The score fold (what beat runs every CADRE_RATING_FOLD_MINUTES), every 20 s here."""
    from django.db import connections

    from cadre.ratings.scores import scores_fold

    end = time.monotonic() + seconds
    while time.monotonic() < end and not run.stop.is_set():
        try:
            scores_fold()
            run.folds += 1
        except Exception as exc:
            when = time.monotonic()
            if run.in_window(when) is None:
                run.fold_errors.append(f"{when - run.t0:.0f} s: {exc}")
        finally:
            connections.close_all()
        run.stop.wait(20)


def people_csv(tag: str, n: int, rows: int, unit: str, bad: bool) -> bytes:
    lines = ["personal_id,last_name,first_name,birth_date,gender,organisation_code"]
    for i in range(rows):
        birth = "1991-13-45" if bad and i == rows - 1 else "1991-02-03"
        lines.append(f"SOAK{tag}I{n}P{i},Imp{tag}x{n},Soak,{birth},M,{unit}")
    return ("\n".join(lines) + "\n").encode()


def import_post(run: Run, csv: bytes, name: str) -> tuple[int, dict[str, Any]]:
    body, ctype = multipart({"kind": "people", "mode": "all"}, name, csv)
    t = time.monotonic()
    status, raw = request(run, "POST", "/api/v1/imports/", body, {"Content-Type": ctype})
    run.record(Call("import", t, time.monotonic() - t, status))
    try:
        return status, json.loads(raw or b"{}")
    except ValueError:
        return status, {}


def job_wait(run: Run, job_id: Any, seconds: float = 120) -> dict[str, Any]:
    end = time.monotonic() + seconds
    data: dict[str, Any] = {}
    while time.monotonic() < end:
        status, raw = request(run, "GET", f"/api/v1/jobs/{job_id}/")
        if status == 200:
            data = json.loads(raw)
            if data.get("status") in {"done", "failed", "succeeded", "finished", "error"}:
                return data
        time.sleep(1)
    return data


def imports_loop(run: Run, tag: str, unit: str, seconds: float) -> None:
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end and not run.stop.is_set():
        bad = n % 3 == 2
        csv = people_csv(tag, n, 20, unit, bad)
        status, job = import_post(run, csv, f"soak-{n}.csv")
        entry = {"n": n, "rows": 20, "bad": bad, "status": status, "job": job.get("id")}
        if status == 202:
            entry["final"] = job_wait(run, job["id"]).get("status")
        run.imports.append(entry)
        n += 1
        run.stop.wait(60)


# --- faults ----------------------------------------------------------------------------------


def fault_app(run: Run, lay: cluster.Layout) -> None:
    w = Window("app server killed", time.monotonic())
    run.windows.append(w)
    cluster.stop_pid(lay, "app1", signal.SIGKILL, wait=5)
    time.sleep(20)
    cluster.app_start(lay, 1)
    cluster._wait_healthy(lay, lay.apps[0])
    time.sleep(3)  # HAProxy's checks: rise 2 × 1 s
    w.end = time.monotonic()


def fault_worker(run: Run, lay: cluster.Layout, tag: str, unit: str) -> None:
    """Kill the worker that runs an import, mid-job; the job must write nothing and fail
    cleanly; the same file posted again is written once."""
    from cadre.core.services import job_reap
    from cadre.people.models import Employee

    w = Window("Celery worker killed mid-job", time.monotonic())
    run.windows.append(w)
    # Only worker1 takes jobs for the moment, so the one killed is the one running it.
    cluster.stop_pid(lay, "worker2", signal.SIGTERM, wait=30)
    csv = people_csv(tag, 900, 3000, unit, bad=False)
    status, job = import_post(run, csv, "soak-killed.csv")
    killed_at = None
    if status == 202:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            s, raw = request(run, "GET", f"/api/v1/jobs/{job['id']}/")
            if s == 200 and json.loads(raw).get("status") == "running":
                time.sleep(0.5)
                cluster.stop_pid(lay, "worker1", signal.SIGKILL, wait=5)
                killed_at = time.monotonic()
                break
            time.sleep(0.2)
    cluster.worker_start(lay, 1)
    cluster.worker_start(lay, 2)
    written = Employee.objects.filter(last_name=f"Imp{tag}x900").count()
    w.notes.append(f"killed while running: {killed_at is not None}; rows after kill: {written}")
    # The reaper (beat, every minute) fails a job not heard from for CADRE_JOB_STALE_SECONDS;
    # past that time the soak calls the reaper's own code rather than wait for beat's minute.
    from django.conf import settings

    final: dict[str, Any] = {}
    if status == 202:
        final = job_wait(run, job["id"], seconds=settings.CADRE_JOB_STALE_SECONDS + 3)
        if final.get("status") == "running":
            job_reap()
            final = job_wait(run, job["id"], seconds=30)
    first = final.get("status")
    written_before_retry = Employee.objects.filter(last_name=f"Imp{tag}x900").count()
    status2, job2 = import_post(run, csv, "soak-killed-again.csv")
    second = job_wait(run, job2["id"]).get("status") if status2 == 202 else None
    written_after = Employee.objects.filter(last_name=f"Imp{tag}x900").count()
    w.notes.append(
        f"first job: {first}, rows {written_before_retry}; posted again: {second}, "
        f"rows {written_after} of 3000"
    )
    run.imports.append(
        {"n": 900, "rows": 3000, "bad": False, "status": status2, "final": second, "killed": 1}
    )
    if killed_at is not None and first == "done":
        w.notes.append("the worker finished before the kill landed")
    if written_before_retry not in (0, 3000) or written_after != 3000:
        run.problems.append(
            f"killed import: {written_before_retry} then {written_after} rows (want 0|3000, 3000)"
        )
    w.end = time.monotonic()


def fault_redis(run: Run, lay: cluster.Layout) -> None:
    w = Window("Redis restarted", time.monotonic())
    run.windows.append(w)
    cluster.redis_stop(lay)
    time.sleep(3)
    cluster.redis_up(lay)
    w.end = time.monotonic()


def fault_replica(run: Run, lay: cluster.Layout) -> None:
    from cadre.core import replica

    w = Window("replica restarted", time.monotonic())
    run.windows.append(w)
    replica.forget()
    before = replica.read_alias()
    cluster.replica_stop(lay)
    replica.forget()
    during = replica.read_alias()
    t = time.monotonic()
    status, _ = request(run, "GET", "/api/v1/employees/?page_size=5")
    run.record(Call("read", t, time.monotonic() - t, status))
    time.sleep(10)
    cluster.replica_start(lay)
    time.sleep(2)
    replica.forget()
    after = replica.read_alias()
    w.notes.append(f"reads from: {before} → {during} (replica down) → {after}")
    if during != "default":
        run.problems.append("reads did not fall back to the primary while the replica was down")
    w.end = time.monotonic()


def fault_disk(run: Run, lay: cluster.Layout, tag: str, unit: str) -> None:
    from cadre.people.models import Employee

    w = Window("upload disk full", time.monotonic())
    run.windows.append(w)
    folder = lay.path("data", "imports")
    filler = folder / "soak-filler.bin"
    mounted = os.path.ismount(folder)
    w.notes.append("tmpfs of its own" if mounted else "plain folder: not filled (no tmpfs)")
    if mounted:
        try:
            with filler.open("wb") as out:
                chunk = b"\0" * (1 << 20)
                while True:
                    out.write(chunk)
        except OSError:
            pass
        status, body = import_post(run, people_csv(tag, 950, 20, unit, False), "soak-full.csv")
        code = json.dumps(body)
        w.notes.append(f"import on a full disk: HTTP {status}, disk_full in answer: "
                       f"{'disk_full' in code}")  # fmt: skip
        if status >= 500 or "disk_full" not in code:
            run.problems.append(f"full disk: HTTP {status} {code[:200]}")
        if Employee.objects.filter(last_name=f"Imp{tag}x950").exists():
            run.problems.append("full disk: rows were written")
        filler.unlink(missing_ok=True)
    time.sleep(2)
    w.end = time.monotonic()


# --- HAProxy's limits, live ------------------------------------------------------------------


@dataclass
class Limit:
    name: str
    passed: bool
    detail: str


def haproxy_limits(lay: cluster.Layout) -> dict[str, int]:
    """The limits of the HAProxy that runs: read from the configuration it was started with."""
    text = lay.path("haproxy.cfg").read_text()

    def number(pattern: str) -> int:
        match = re.search(pattern, text)
        if match is None:
            raise RuntimeError(f"haproxy.cfg: no {pattern!r}")
        return int(match[1])

    return {
        "body": number(r"req\.hdr_val\(content-length\) gt (\d+)"),
        "request_timeout": number(r"timeout http-request (\d+)s"),
        "queue_timeout": number(r"timeout queue (\d+)s"),
        "server_maxconn": number(r"server app1 \S+ .*maxconn (\d+)"),
        "servers": len(re.findall(r"^\s*server app\d", text, re.MULTILINE)),
    }


def raw_answer(sock: socket.socket, seconds: float) -> tuple[int, bytes, float]:
    """Read an HTTP answer off ``sock``: its status (0: closed without one), its text and
    when it came (seconds from now)."""
    t = time.monotonic()
    sock.settimeout(seconds)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if sep and length and len(body) >= int(length[1]):
                break
    except TimeoutError:
        pass
    except OSError:  # reset by the peer
        pass
    match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return (int(match[1]) if match else 0), data, time.monotonic() - t


def refused_at_once(
    lay: cluster.Layout, request: bytes, status: int, phrase: str, name: str
) -> Limit:
    """``request`` sent to HAProxy is answered ``status`` within 2 s, before any body is
    read, with a JSON ``detail`` that says ``phrase``."""
    with socket.create_connection(("127.0.0.1", lay.haproxy), timeout=5) as sock:
        sock.sendall(request)
        got, data, took = raw_answer(sock, 10)
    body = data.partition(b"\r\n\r\n")[2]
    try:
        detail = json.loads(body).get("detail", "")
    except ValueError:
        detail = ""
    return Limit(
        name,
        got == status and phrase in detail and took < 2,
        f"HTTP {got} in {took * 1000:.0f} ms: {detail or body[:120]!r}",
    )


def limit_big_body(lay: cluster.Layout, limits: dict[str, int]) -> Limit:
    """A body announced over the limit is refused at once (413), before it is sent."""
    return refused_at_once(
        lay,
        b"POST /api/v1/imports/ HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: text/csv\r\nContent-Length: "
        + str(limits["body"] + 1).encode()
        + b"\r\n\r\n",
        413,
        "larger than the limit",
        f"body over {limits['body'] // (1 << 20)} MB: 413 with a message",
    )


def limit_chunked_body(lay: cluster.Layout, limits: dict[str, int]) -> Limit:
    """A body sent in chunks (no length to check against the limit) is refused at once
    (411), before a chunk is read."""
    return refused_at_once(
        lay,
        b"POST /api/v1/imports/ HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"10\r\nname,org,post,x\n\r\n",
        411,
        "Content-Length",
        "body sent in chunks: 411 with a message",
    )


def limit_slow_client(lay: cluster.Layout, limits: dict[str, int]) -> Limit:
    """Slowloris: a request head sent a line a second is cut at ``timeout http-request``
    (measured from its first byte, however it trickles) with 408."""
    bound = limits["request_timeout"]
    with socket.create_connection(("127.0.0.1", lay.haproxy), timeout=5) as sock:
        t = time.monotonic()
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        status, data = 0, b""
        for n in range(bound + 10):
            try:
                sock.sendall(f"X-Slow-{n}: {n}\r\n".encode())
            except OSError:
                break  # HAProxy answered and closed
            status, data, _ = raw_answer(sock, 1)
            if data:
                break
        took = time.monotonic() - t
        if not data:
            status, data, _ = raw_answer(sock, 3)
            took = time.monotonic() - t
        closed = False
        with contextlib.suppress(OSError):
            sock.settimeout(2)
            closed = sock.recv(1) == b""
    passed = status == 408 and closed and bound - 0.5 <= took <= bound + 3
    return Limit(
        f"slow client (a header a second): cut at {bound} s",
        passed,
        f"HTTP {status or 'none'} after {took:.1f} s, then "
        + ("closed by HAProxy" if closed else "left open"),
    )


def limit_full_queue(lay: cluster.Layout, limits: dict[str, int]) -> Limit:
    """Every server slot taken (each held by a request whose body never ends): one more
    request waits ``timeout queue`` in HAProxy's queue and is answered 503, not left
    hanging."""
    slots = limits["server_maxconn"] * limits["servers"]
    bound = limits["queue_timeout"]
    holders: list[socket.socket] = []
    try:
        for _ in range(slots):
            sock = socket.create_connection(("127.0.0.1", lay.haproxy), timeout=5)
            sock.sendall(
                b"POST /api/v1/ratings/ HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
            )
            holders.append(sock)
        time.sleep(0.5)  # HAProxy has passed them all to the servers
        with socket.create_connection(("127.0.0.1", lay.haproxy), timeout=5) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            status, _, took = raw_answer(sock, bound + 10)
    finally:
        for sock in holders:
            sock.close()
    passed = status == 503 and took <= bound + 3
    return Limit(
        f"{slots} requests at once hold every slot: the next is 503",
        passed,
        f"HTTP {status or 'none'} after {took:.1f} s (timeout queue {bound} s)",
    )


def limits_check(lay: cluster.Layout) -> list[Limit]:
    """HAProxy's limits, tried against the running cluster once the load has stopped (they
    would otherwise count as errors of the soak's own requests): about ``timeout
    http-request`` seconds, the four at once."""
    limits = haproxy_limits(lay)
    out: list[Limit] = []
    checks = [limit_big_body, limit_chunked_body, limit_slow_client, limit_full_queue]
    results: dict[int, Limit] = {}

    def one(n: int) -> None:
        try:
            results[n] = checks[n](lay, limits)
        except Exception as exc:
            results[n] = Limit(checks[n].__name__, False, f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(checks))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    out = [results[n] for n in range(len(checks))]
    # The servers may have been marked down while every slot was held: wait until HAProxy
    # answers again, so that what follows is not counted against it.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{lay.url}/healthz", timeout=5) as resp:  # noqa: S310
                if resp.status == 200:
                    break
        except OSError:
            pass
        time.sleep(0.5)
    return out


# --- report ----------------------------------------------------------------------------------


def p99(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def report(run: Run, tag: str, tokens: list[str], lay: cluster.Layout) -> bool:
    from django.db.models import Count

    from cadre.people.models import Employee
    from cadre.ratings import keys
    from cadre.ratings.models import Rating

    ok = True
    ratings = [c for c in run.calls if c.kind == "rating"]
    accepted = {c.token for c in ratings if c.status == 201}
    sent = {c.token for c in ratings}
    hashes = {keys.token_hash(t): t for t in sent}
    stored_counts = dict(
        Rating.objects.filter(interaction__token_hash__in=list(hashes))
        .values_list("interaction__token_hash")
        .annotate(n=Count("id"))
        .values_list("interaction__token_hash", "n")
    )
    stored = {hashes[h] for h in stored_counts}
    doubled = sum(1 for n in stored_counts.values() if n > 1)
    lost = len(accepted - stored)
    unanswered = len(stored - accepted)  # stored, but the client saw an error or no answer
    span = max(c.started + c.seconds for c in run.calls) - min(c.started for c in run.calls)
    print("\n=== soak: figures ===")
    print(f"duration {span:.0f} s; ratings sent {len(ratings)}, accepted (201) {len(accepted)}, "
          f"stored {len(stored)}, lost {lost}, doubled {doubled}, stored but unanswered "
          f"{unanswered}")  # fmt: skip
    lat = [c.seconds for c in ratings if c.status == 201]
    print(f"rating rate {len(accepted) / span:.1f}/s; p50 {sorted(lat)[len(lat) // 2] * 1000:.0f} "
          f"ms, p99 {p99(lat) * 1000:.0f} ms (all), p99 outside faults "
          f"{p99([c.seconds for c in ratings if c.status == 201 and run.in_window(c.started) is None]) * 1000:.0f} ms")  # noqa: E501  # fmt: skip
    reads = [c for c in run.calls if c.kind == "read"]
    print(f"reads {len(reads)} ({len(reads) / span:.1f}/s), p99 {p99([c.seconds for c in reads]) * 1000:.0f} ms; "  # noqa: E501
          f"folds {run.folds}")  # fmt: skip
    outside = [
        c for c in run.calls if c.status not in (200, 201, 202) and run.in_window(c.started) is None
    ]
    outside = [c for c in outside if not (c.kind == "import" and c.status == 400)]
    print("\nfault window                      seconds  requests  errors  rate")
    for w in run.windows:
        inside = [c for c in run.calls if w.start <= c.started <= w.end + GRACE]
        errs = [c for c in inside if c.status not in (200, 201, 202)]
        errs = [c for c in errs if not (c.kind == "import" and c.status == 400)]
        statuses = sorted({c.status for c in errs})
        print(f"  {w.name:<32} {w.end - w.start:6.0f}  {len(inside):8d}  {len(errs):6d}  "
              f"{len(errs) / max(1, len(inside)):.1%}  {statuses or ''}")  # fmt: skip
        for note in w.notes:
            print(f"      {note}")
    print(f"  {'outside the windows':<32} {'':6}  "
          f"{sum(1 for c in run.calls if run.in_window(c.started) is None):8d}  "
          f"{len(outside):6d}  {sorted({(c.kind, c.status) for c in outside}) or ''}")  # fmt: skip
    print("\nimports (20 rows each; every third has one bad row):")
    for entry in run.imports:
        n = entry["n"]
        written = Employee.objects.filter(last_name=f"Imp{tag}x{n}").count()
        want = 0 if entry["bad"] else entry["rows"]
        fine = written == want or (entry["status"] != 202 and written == 0)
        verdict = "ok" if fine else "NOT ALL OR NOTHING"
        print(f"  #{n:<4} bad={entry['bad']!s:<5} HTTP {entry['status']} job {entry.get('final')}"
              f": {written} of {entry['rows']} rows {verdict}")  # fmt: skip
        if written not in (0, entry["rows"]):
            ok = False
            run.problems.append(f"import #{n}: {written} of {entry['rows']} rows written")
        elif not entry["bad"] and entry["status"] == 202 and written != want:
            ok = False
            run.problems.append(f"import #{n}: accepted but {written} of {want} rows written")
    print("\nHAProxy's limits (live, after the load; read from haproxy.cfg):")
    for limit in run.limits:
        print(f"  {'ok  ' if limit.passed else 'FAIL'} {limit.name}: {limit.detail}")
    env = cluster.direct_env(lay)
    verify = subprocess.run(
        [sys.executable, "-m", "cadre.cli", "audit-verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"\ncadre audit-verify: exit {verify.returncode} {verify.stdout.strip()[-200:]}")
    checks = [
        ("ratings accepted = stored (none lost)", lost == 0),
        ("no rating stored twice", doubled == 0),
        ("every import all or nothing", not any("import" in p for p in run.problems)),
        ("audit chains verify", verify.returncode == 0),
        ("no error outside the fault windows", not outside),
        ("score folds ran without error outside the windows", not run.fold_errors),
        ("fault checks", not run.problems),
        (
            "HAProxy's limits: 413 for a big body, 411 for a chunked one, 408 for a slow client, "
            "503 past the queue",
            len(run.limits) == 4 and all(limit.passed for limit in run.limits),
        ),
    ]
    print("\n=== soak: assertions ===")
    for name, passed in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
        ok = ok and passed
    for p in run.problems + run.fold_errors:
        print(f"  problem: {p}")
    for c in outside[:10]:
        print(f"  error outside windows: {c.kind} HTTP {c.status} at {c.started - run.t0:.0f} s")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=20, help="ratings a second")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    seconds = args.minutes * 60
    lay = cluster.layout()
    if not all(cluster._port_open(p) for p in (lay.haproxy, lay.primary, lay.redis)):
        print("soak: the cluster is not up (cadre cluster up)", file=sys.stderr)
        return 2
    django_setup()
    tag = time.strftime("%H%M%S")
    print(f"soak {tag}: {args.minutes:g} min at {args.rate:g} ratings/s against {lay.url}")
    made = prepare(tag, int(args.rate * seconds * 1.05) + 10)
    run = Run(url=lay.url, api_key=made["api_key"])
    loops = [
        threading.Thread(
            target=ratings_loop,
            args=(run, made["tokens"], args.rate, seconds, args.threads),
            daemon=True,
        ),
        threading.Thread(target=reads_loop, args=(run, made["country"], seconds), daemon=True),
        threading.Thread(target=imports_loop, args=(run, tag, made["unit"], seconds), daemon=True),
        threading.Thread(target=folds_loop, args=(run, seconds), daemon=True),
    ]
    for th in loops:
        th.start()
    faults = [
        lambda: fault_app(run, lay),
        lambda: fault_worker(run, lay, tag, made["unit"]),
        lambda: fault_redis(run, lay),
        lambda: fault_replica(run, lay),
        lambda: fault_disk(run, lay, tag, made["unit"]),
    ]
    for n, fault in enumerate(faults):
        due = run.t0 + seconds * (0.1 + 0.8 * n / len(faults))
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        print(f"  {time.monotonic() - run.t0:5.0f} s: fault {n + 1} of {len(faults)}", flush=True)
        try:
            fault()
        except Exception as exc:
            run.problems.append(f"fault {n + 1}: {type(exc).__name__}: {exc}")
    loops[0].join()
    run.stop.set()
    for th in loops[1:]:
        th.join(timeout=180)
    print(f"  {time.monotonic() - run.t0:5.0f} s: HAProxy's limits", flush=True)
    run.limits = limits_check(lay)
    return 0 if report(run, tag, made["tokens"], lay) else 1


if __name__ == "__main__":
    raise SystemExit(main())
