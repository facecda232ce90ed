"""Starts Gatehouse (release binary, fresh SQLite file), a small upstream and Debian's nginx
with auth_request, all on loopback in a temporary directory, and stops them afterwards.
With TEST_TARGET=workers, Gatehouse is the Cloudflare Worker (scripts/build-worker) under
`wrangler dev` on a fresh local D1 database instead."""
import os
import signal
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
OWNER = ("owner@example.com", "owner password 1")
ON_WORKERS = os.environ.get("TEST_TARGET") == "workers"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def fresh_database(work):
    """A new database and the settings it needs: a SQLite file in `work`, or, when
    TEST_DATABASE=postgres, a new database on the PostgreSQL server that
    TEST_POSTGRES_URL names (instances on it share one sealing key)."""
    if ON_WORKERS:
        return {"GATEHOUSE_WORKER_STATE": str(work / f"d1-{uuid.uuid4().hex}")}
    if os.environ.get("TEST_DATABASE") != "postgres":
        return {"GATEHOUSE_DATABASE_URL": f"sqlite://{work}/gatehouse.db"}
    server = os.environ["TEST_POSTGRES_URL"]
    name = "gateway_" + uuid.uuid4().hex
    subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], check=True)
    return {
        "GATEHOUSE_DATABASE_URL": server.rsplit("/", 1)[0] + "/" + name,
        "GATEHOUSE_SECRET_KEY": "5e" * 32,
    }


def start_gatehouse(work, port, log, database=None, **extra):
    """The release binary on a fresh database (or on `database`, the settings
    `fresh_database` gave), with `extra` GATEHOUSE_ settings."""
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = os.environ.get("GATEHOUSE_BIN", str(target / "release/gatehouse"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_")}
    env.update({
        "GATEHOUSE_LISTEN": f"127.0.0.1:{port}",
        **(database or fresh_database(work)),
        "GATEHOUSE_ADMIN_EMAIL": OWNER[0],
        "GATEHOUSE_ADMIN_PASSWORD": OWNER[1],
        "GATEHOUSE_SIGN_UPS_PER_HOUR": "1000",
        "LEPTOS_SITE_ROOT": str(ROOT / "target/site"),
    })
    env.update({f"GATEHOUSE_{k.upper()}": str(v) for k, v in extra.items()})
    command = [str(ROOT / "scripts/serve-worker")] if ON_WORKERS else [binary, "serve"]
    # Its own process group: wrangler runs workerd as a child, and both must stop.
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    process.own_group = True
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", timeout=120 if ON_WORKERS else 20)
    except RuntimeError:
        stop([process])
        raise
    return process


def stop(processes):
    def send(process, sig):
        if getattr(process, "own_group", False):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                pass
        else:
            process.send_signal(sig)

    for process in processes:
        send(process, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            send(process, signal.SIGKILL)


@pytest.fixture(scope="session")
def stack():
    work = pathlib.Path(tempfile.mkdtemp(prefix="gatehouse-gateway-"))
    ports = {"GATEHOUSE_PORT": free_port(), "NGINX_PORT": free_port(), "UPSTREAM_PORT": free_port()}
    processes = []
    log = open(work / "gatehouse.log", "w")
    processes.append(subprocess.Popen([sys.executable, str(HERE / "upstream.py"), str(ports["UPSTREAM_PORT"])]))
    config = (HERE / "nginx.conf.template").read_text().replace("{DIR}", str(work))
    for name, port in ports.items():
        config = config.replace("{" + name + "}", str(port))
    (work / "nginx.conf").write_text(config)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    processes.append(subprocess.Popen([nginx, "-c", str(work / "nginx.conf"), "-p", str(work)]))
    try:
        processes.append(start_gatehouse(work, ports["GATEHOUSE_PORT"], log))
        wait_until_up(f"http://127.0.0.1:{ports['NGINX_PORT']}/")
        yield {
            "portal": f"http://127.0.0.1:{ports['GATEHOUSE_PORT']}",
            "gateway": f"http://127.0.0.1:{ports['NGINX_PORT']}",
            "work": work,
        }
    finally:
        stop(processes)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


class Portal:
    """Drives Gatehouse through its server functions, as the browser does."""

    def __init__(self, base):
        self.base = base

    def call(self, function, session, **form):
        response = requests.post(
            f"{self.base}/api/{function}",
            data=form,
            headers={"Origin": self.base, "Accept": "application/json"},
            cookies={"gatehouse_session": session} if session else None,
            timeout=10,
        )
        assert response.ok, f"{function}: {response.status_code} {response.text}"
        return response

    def queue(self, function, session, search=""):
        """Every row of a request queue (developer_requests, registration_requests), page
        after page."""
        rows, after = [], ""
        while True:
            page = self.call(function, session, **{"query[search]": search, "query[after]": after}).json()
            rows += page["rows"]
            after = page["next"]
            if not after:
                return rows

    def sign_in(self, email, password, realm):
        response = self.call("sign_in", None, email=email, password=password, realm=realm)
        return response.cookies["gatehouse_session"]


@pytest.fixture(scope="session")
def portal(stack):
    return Portal(stack["portal"])


@pytest.fixture(scope="session")
def owner(portal):
    session = portal.sign_in(*OWNER, realm="console")
    portal.call(
        "save_portal_settings", session,
        **{
            "settings[auto_approve_developers]": "true",
            "settings[auto_approve_applications]": "false",
            "settings[rejections_final]": "true",
            "settings[require_email_verification]": "false",
            "settings[public_portal]": "true",
            "settings[credential_types][key_auth]": "true",
            "settings[credential_types][basic_auth]": "true",
            "settings[credential_types][oauth2]": "true",
            "settings[credential_types][hmac_auth]": "true",
            "settings[credential_types][jwt]": "true",
            "settings[max_credential_days]": "0",
        },
    )
    return session
