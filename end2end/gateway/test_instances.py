"""Several stateless instances on one database: three `gatehouse serve` processes share one
fresh database (PostgreSQL when the suite runs on it), portal traffic spread over them round
robin by Debian's nginx, e-mail delivered to a real SMTP server (aiosmtpd)."""
import collections
import concurrent.futures
import email
import pathlib
import shutil
import subprocess
import tempfile
import threading
import time

import pytest
import requests
from aiosmtpd.controller import Controller

from conftest import ON_WORKERS, OWNER, Portal, free_port, fresh_database, start_gatehouse, stop, wait_until_up
from test_gateway import within_a_second

pytestmark = pytest.mark.skipif(
    ON_WORKERS,
    reason="several native processes on one database; the Worker's isolates are not run "
    "side by side here yet (one `wrangler dev` is one isolate)",
)

NGINX = """
worker_processes 1;
error_log {DIR}/nginx-instances.error.log;
pid {DIR}/nginx-instances.pid;
events {{ worker_connections 256; }}
http {{
    access_log off;
    upstream gatehouse {{ {SERVERS} }}
    server {{
        listen 127.0.0.1:{PORT};
        location / {{
            proxy_pass http://gatehouse;
            proxy_set_header Host $http_host;
        }}
    }}
}}
"""


class Sink:
    """Counts every message the instances send, by recipient and subject."""

    def __init__(self):
        self.received = collections.Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        subject = email.message_from_bytes(envelope.content)["Subject"]
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received[(recipient.lower(), subject)] += 1
        return "250 OK"

    def decisions(self, recipient):
        with self.lock:
            return sum(n for (to, subject), n in self.received.items()
                       if to == recipient and subject.startswith("Your developer account"))


@pytest.fixture(scope="module")
def instances():
    work = pathlib.Path(tempfile.mkdtemp(prefix="gatehouse-instances-"))
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    database = fresh_database(work)
    ports = [free_port() for _ in range(3)]
    nginx_port = free_port()
    processes = []
    log = open(work / "gatehouse.log", "w")
    try:
        for port in ports:
            processes.append(start_gatehouse(
                work, port, log, database=database,
                smtp_url=f"smtp://127.0.0.1:{smtp_port}",
                public_url=f"http://127.0.0.1:{nginx_port}",
            ))
        servers = " ".join(f"server 127.0.0.1:{port};" for port in ports)
        (work / "nginx-instances.conf").write_text(
            NGINX.format(DIR=work, SERVERS=servers, PORT=nginx_port))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        processes.append(subprocess.Popen([nginx, "-c", str(work / "nginx-instances.conf"), "-p", str(work)]))
        wait_until_up(f"http://127.0.0.1:{nginx_port}/healthz")
        yield {
            "each": [f"http://127.0.0.1:{port}" for port in ports],
            "front": f"http://127.0.0.1:{nginx_port}",
            "sink": sink,
        }
    finally:
        stop(processes)
        controller.stop()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def owner_session(front):
    portal = Portal(front)
    session = portal.sign_in(*OWNER, realm="console")
    settings = {
        "auto_approve_developers": "false", "auto_approve_applications": "false",
        "rejections_final": "false", "require_email_verification": "false",
        "public_portal": "true", "max_credential_days": "0",
    }
    form = {f"settings[{k}]": v for k, v in settings.items()}
    form.update({f"settings[credential_types][{kind}]": "true"
                 for kind in ("key_auth", "basic_auth", "oauth2", "hmac_auth", "jwt")})
    portal.call("save_portal_settings", session, **form)
    return session


def test_a_session_started_on_one_instance_works_on_every_other(instances):
    first, *others = instances["each"]
    session = Portal(first).sign_in(*OWNER, realm="console")
    for base in others:
        viewer = Portal(base).call("current_viewer", session).json()
        assert viewer["Admin"]["email"] == OWNER[0], viewer


def test_a_revoke_through_one_instance_closes_another_instances_gateway_within_a_second(instances):
    a, b, _ = instances["each"]
    owner = owner_session(a)
    portal = Portal(a)
    prefix = f"/shared{int(time.time() * 1000)}"
    portal.call("save_service", owner, **{
        "form[id]": "", "form[name]": f"Shared {prefix}", "form[version]": "1",
        "form[description]": "", "form[route_prefix]": prefix, "form[host]": "",
        "form[acl_groups]": "", "form[openapi]": ""})
    service_id = next(s["id"] for s in portal.call("list_services", owner).json() if s["route_prefix"] == prefix)
    email = f"shared{int(time.time() * 1000)}@example.com"
    portal.call("sign_up", None, full_name="Shared Dev", email=email, password="a long password")
    developer_id = next(d["id"] for d in portal.queue("developer_requests", owner) if d["email"] == email)
    portal.call("act_on_developer", owner, developer_id=developer_id, action="approve", expected="pending")
    developer = portal.sign_in(email, "a long password", realm="portal")
    application = portal.call("create_application", developer, name="Shared app", description="").json()
    portal.call("register_application", developer, application_id=application, service_id=service_id)
    registration = next(r["id"] for r in portal.queue("registration_requests", owner)
                        if r["application_id"] == application)
    portal.call("act_on_registration", owner, registration_id=registration, action="approve", expected="pending")
    key = portal.call("generate_credential", developer, **{
        "application_id": application, "credential[kind]": "key-auth", "credential[name]": "",
        "credential[username]": "", "credential[public_key]": "", "credential[expires_in_days]": "0",
    }).json()["secret"]
    # Instance B's gateway answers, as nginx's auth_request would ask it.
    verify = lambda: requests.get(f"{b}/gateway/verify", timeout=5, headers={
        "X-Original-URI": f"{prefix}/things", "X-Original-Method": "GET",
        "X-Forwarded-Host": "api.example", "apikey": key})
    within_a_second(verify, 200)
    portal.call("act_on_registration", owner, registration_id=registration, action="revoke", expected="approved")
    within_a_second(verify, 403)


def test_racing_decisions_spread_over_instances_have_one_winner_and_one_letter(instances):
    front, sink = instances["front"], instances["sink"]
    each = instances["each"]
    owner = owner_session(front)
    stamp = int(time.time() * 1000)
    emails = [f"race{n}.{stamp}@example.com" for n in range(50)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        # Names differ, so each admin notice has a subject of its own.
        list(pool.map(lambda n: Portal(front).call(
            "sign_up", None, full_name=f"Racer {n}", email=emails[n], password="a long password"),
            range(len(emails))))
    pending = {d["email"]: d["id"] for d in Portal(front).queue("developer_requests", owner)}
    assert all(email in pending for email in emails), "every racer is waiting"

    def decide(base, developer_id, action):
        response = requests.post(
            f"{base}/api/act_on_developer",
            data={"developer_id": developer_id, "action": action, "expected": "pending"},
            headers={"Origin": base, "Accept": "application/json"},
            cookies={"gatehouse_session": owner}, timeout=10)
        assert response.status_code in (200, 409), response.text
        return response.status_code == 200

    jobs = []
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        for n, email in enumerate(emails):
            approve_on, reject_on = each[n % 3], each[(n + 1) % 3]
            jobs.append((email,
                         pool.submit(decide, approve_on, pending[email], "approve"),
                         pool.submit(decide, reject_on, pending[email], "reject")))
    for email, approved, rejected in jobs:
        assert approved.result() != rejected.result(), f"{email}: exactly one decision wins"

    # Each developer hears of their decision once, though three workers poll the outbox.
    deadline = time.time() + 20
    while time.time() < deadline and not all(sink.decisions(e) >= 1 for e in emails):
        time.sleep(0.2)
    time.sleep(2)
    assert [sink.decisions(e) for e in emails] == [1] * len(emails)
    with sink.lock:
        twice = {key: n for key, n in sink.received.items() if n > 1}
    assert not twice, f"sent more than once: {twice}"


def test_sign_in_attempts_are_counted_across_instances(instances):
    each = instances["each"]
    email = f"guessed{int(time.time() * 1000)}@example.com"

    def attempt(base):
        return requests.post(
            f"{base}/api/sign_in",
            data={"email": email, "password": "not the password", "realm": "portal"},
            headers={"Origin": base, "Accept": "application/json"}, timeout=10).status_code

    # 10 a minute per address and account, wherever they land.
    answers = [attempt(each[n % 3]) for n in range(10)]
    assert 429 not in answers, answers
    assert [attempt(base) for base in each] == [429, 429, 429]
