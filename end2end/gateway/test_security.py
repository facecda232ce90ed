"""What an outside probe found, through the real release binary: the gateway cases through
Debian's nginx configured as the README shows, and the memory a burst of password checks
costs. (Every finding also has a test in server/tests/it/attacks.rs.)"""
import base64
import concurrent.futures
import http.client
import pathlib
import shutil
import sys
import tempfile
import time

import pytest
import requests

from conftest import ON_WORKERS, OWNER, Portal, free_port, start_gatehouse, stop
from test_gateway import COUNTER, within_a_second


def raw_get(gateway, target, headers):
    """Sends `target` exactly as written (no client-side normalization of dot segments)."""
    host, port = gateway.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.putrequest("GET", target, skip_host="Host" in headers)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def new_service(portal, owner, name, prefix="", host="", groups=""):
    portal.call(
        "save_service", owner,
        **{"form[id]": "", "form[name]": name, "form[version]": "1", "form[description]": "",
           "form[route_prefix]": prefix, "form[host]": host, "form[acl_groups]": groups,
           "form[openapi]": ""},
    )
    services = portal.call("list_services", owner).json()
    return next(s["id"] for s in services if s["name"] == name)


def test_the_gateway_checks_the_service_nginx_will_serve(stack, portal, owner):
    n = f"{next(COUNTER)}x{int(time.time())}"
    public = new_service(portal, owner, f"Public {n}", prefix=f"/pub{n}")
    host = new_service(portal, owner, f"Public host {n}", host=f"pub{n}.example")
    new_service(portal, owner, f"Private {n}", prefix=f"/priv{n}")
    new_service(portal, owner, f"Gold {n}", prefix=f"/gold{n}", groups="gold")
    email = f"probe{n}@example.com"
    portal.call("sign_up", None, full_name="Probe", email=email, password="a long password")
    developer = portal.sign_in(email, "a long password", realm="portal")
    application = portal.call("create_application", developer, name=f"Probe {n}", description="").json()
    for service_id in (public, host):
        portal.call("register_application", developer, application_id=application, service_id=service_id)
    for registration in portal.queue("registration_requests", owner):
        if registration["application_id"] == application:
            portal.call("act_on_registration", owner, registration_id=registration["id"],
                        action="approve", expected="pending")
    form = {"application_id": application, "credential[kind]": "key-auth", "credential[name]": "",
            "credential[username]": "", "credential[public_key]": "", "credential[expires_in_days]": "0"}
    key = portal.call("generate_credential", developer, **form).json()["secret"]
    gateway = stack["gateway"]
    within_a_second(lambda: requests.get(f"{gateway}/pub{n}/items", headers={"apikey": key}, timeout=5), 200)

    refused = [
        (f"/priv{n}/secret", {}),
        # A client-chosen host header: nginx replaces X-Forwarded-Host, and a host whose
        # service differs from the path's is refused.
        (f"/priv{n}/secret", {"X-Forwarded-Host": f"pub{n}.example"}),
        (f"/priv{n}/secret", {"Host": f"pub{n}.example"}),
        (f"/priv{n}/secret", {"X-Original-Host": f"pub{n}.example"}),
        # A client-sent X-Original-URI is replaced by nginx; X-Forwarded-Uri is not read.
        (f"/priv{n}/secret", {"X-Original-URI": f"/pub{n}/items", "X-Forwarded-Uri": f"/pub{n}/items"}),
        # Dot segments, raw or encoded, reach the upstream as written: refused, not resolved.
        (f"/pub{n}/../priv{n}/secret", {}),
        (f"/pub{n}/%2e%2e/priv{n}/secret", {}),
        (f"/pub{n}/%2E%2E/gold{n}/vault", {}),
        (f"/pub{n}%2F..%2Fpriv{n}/secret", {}),
        (f"/pub{n}/..;/priv{n}/secret", {}),
    ]
    for target, headers in refused:
        status, body = raw_get(gateway, target, {"apikey": key, **headers})
        assert status in (400, 403), f"{target} {headers}: {status} {body}"
        assert '"path"' not in body, f"{target} {headers}: the upstream answered: {body}"
    allowed = [
        (f"/pub{n}/items", {}),
        (f"/p%75b{n}/items", {}),
        ("/anything", {"Host": f"pub{n}.example"}),
    ]
    for target, headers in allowed:
        status, body = raw_get(gateway, target, {"apikey": key, **headers})
        assert status == 200, f"{target} {headers}: {status} {body}"


def rss_kib(pid):
    """(current, peak) resident memory of a process, in KiB."""
    fields = dict(
        line.split(":", 1) for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


@pytest.fixture(scope="module")
def lone(tmp_path_factory):
    """A Gatehouse of its own, behind a trusted proxy (so each request may name its own
    client address), for measuring its memory."""
    work = tmp_path_factory.mktemp("gatehouse-memory")
    port = free_port()
    log = open(work / "gatehouse.log", "w")
    process = start_gatehouse(work, port, log, trusted_proxies="127.0.0.1")
    try:
        yield {"process": process, "base": f"http://127.0.0.1:{port}", "log": work / "gatehouse.log"}
    finally:
        stop([process])
        log.close()


BURSTS, BURST = 10, 200


@pytest.mark.skipif(ON_WORKERS, reason="a Worker's memory is its isolate's, capped at 128 MB by the runtime; workerd's process size measures something else")
def test_bursts_of_password_checks_keep_memory_bounded(lone, capsys):
    base, pid = lone["base"], lone["process"].pid
    portal = Portal(base)
    owner = portal.sign_in(*OWNER, realm="console")
    # A basic-auth credential the gateway burst guesses at.
    portal.call("save_portal_settings", owner, **{
        "settings[auto_approve_developers]": "true", "settings[auto_approve_applications]": "true",
        "settings[rejections_final]": "true", "settings[require_email_verification]": "false",
        "settings[public_portal]": "true", "settings[credential_types][key_auth]": "true",
        "settings[credential_types][basic_auth]": "true", "settings[credential_types][oauth2]": "true",
        "settings[credential_types][hmac_auth]": "true", "settings[credential_types][jwt]": "true",
        "settings[max_credential_days]": "0"})
    service = new_service(portal, owner, "Memory", prefix="/memory")
    portal.call("sign_up", None, full_name="Memory", email="memory@example.com", password="a long password")
    developer = portal.sign_in("memory@example.com", "a long password", realm="portal")
    application = portal.call("create_application", developer, name="Memory", description="").json()
    portal.call("register_application", developer, application_id=application, service_id=service)
    portal.call("generate_credential", developer, **{
        "application_id": application, "credential[kind]": "basic-auth", "credential[name]": "",
        "credential[username]": "memory-client", "credential[public_key]": "",
        "credential[expires_in_days]": "0"})
    time.sleep(1)
    idle, _ = rss_kib(pid)

    def sign_in(n):
        # A different e-mail and a different client address each time: no per-address or
        # per-account limit applies, so every attempt asks for a password hash.
        return requests.post(
            f"{base}/api/sign_in",
            data={"email": f"guess{n}@example.com", "password": "a wrong password", "realm": "portal"},
            headers={"Origin": base, "Accept": "application/json",
                     "X-Forwarded-For": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"},
            timeout=30,
        ).status_code

    def basic(n):
        token = base64.b64encode(f"memory-client:wrong password {n}".encode()).decode()
        return requests.get(
            f"{base}/gateway/verify",
            headers={"X-Original-URI": "/memory/x", "Authorization": f"Basic {token}"},
            timeout=30,
        ).status_code

    answers, after = {}, []
    with concurrent.futures.ThreadPoolExecutor(max_workers=BURST) as pool:
        for burst in range(BURSTS):
            start = burst * BURST
            statuses = list(pool.map(sign_in, range(start, start + BURST)))
            statuses += list(pool.map(basic, range(start, start + BURST)))
            for status in statuses:
                answers[status] = answers.get(status, 0) + 1
            after.append(rss_kib(pid)[0])
    current, peak = rss_kib(pid)
    with capsys.disabled():
        print(
            f"\n  memory: idle {idle / 1024:.0f} MiB; after each of {BURSTS} bursts of {BURST} sign-ins "
            f"and {BURST} basic-auth guesses: {', '.join(f'{a / 1024:.0f}' for a in after)} MiB; "
            f"peak {peak / 1024:.0f} MiB ({peak / idle:.2f}x idle); answers {answers}",
            file=sys.stderr,
        )
    assert set(answers) <= {401, 503}, answers
    assert peak <= 2 * idle, f"peak {peak} KiB against idle {idle} KiB"
    assert current <= 2 * idle
