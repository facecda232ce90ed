"""Webhooks to a real receiver that verifies every delivery with the `standardwebhooks`
package: a test event, lifecycle events as they happen, and an event raised while the
receiver is down and Gatehouse restarts, delivered once after both are back."""
import json
import pathlib
import shutil
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from conftest import ON_WORKERS, OWNER, Portal, free_port, fresh_database, start_gatehouse, stop


class Receiver:
    """An HTTP endpoint that keeps the events whose signature verifies (by `webhook-id`) and
    answers 401 to any other."""

    def __init__(self, port):
        self.port = port
        self.secret = None
        self.events = []
        self.ids = Counter()
        self.forged = 0
        self.lock = threading.Lock()
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    event = Webhook(receiver.secret).verify(body, headers)
                except WebhookVerificationError:
                    with receiver.lock:
                        receiver.forged += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                with receiver.lock:
                    receiver.events.append((headers["webhook-id"], event))
                    receiver.ids[headers["webhook-id"]] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def of_type(self, kind):
        with self.lock:
            return [(message, event) for message, event in self.events if event["type"] == kind]

    def wait_for(self, kind, label=None, timeout=30, poke=None):
        """The events of `kind` (about `label`); `poke` is called every second meanwhile."""
        deadline = time.time() + timeout
        poked = time.time()
        while time.time() < deadline:
            found = [(m, e) for m, e in self.of_type(kind)
                     if label is None or e["data"]["target"]["label"] == label]
            if found:
                return found
            if poke and time.time() - poked > 1:
                poke()
                poked = time.time()
            time.sleep(0.1)
        raise AssertionError(f"no {kind} event for {label} within {timeout} s; got {self.events}")


@pytest.fixture
def hooked():
    """Gatehouse on a fresh database, a receiver registered for every event family, and a way
    to restart Gatehouse on the same database."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="gatehouse-webhooks-"))
    log = open(work / "gatehouse.log", "w")
    database = fresh_database(work)
    port = free_port()
    receiver = Receiver(free_port())
    receiver.start()
    running = [start_gatehouse(work, port, log, database=database)]

    def restart():
        stop(running)
        running[0] = start_gatehouse(work, port, log, database=database)

    try:
        portal = Portal(f"http://127.0.0.1:{port}")
        owner = portal.sign_in(*OWNER, realm="console")
        portal.call(
            "save_portal_settings", owner,
            **{"settings[auto_approve_developers]": "false", "settings[auto_approve_applications]": "false",
               "settings[rejections_final]": "true", "settings[require_email_verification]": "false",
               "settings[public_portal]": "true", "settings[credential_types][key_auth]": "true",
               "settings[max_credential_days]": "0"},
        )
        made = portal.call(
            "create_webhook", owner,
            **{"webhook[url]": receiver.url, "webhook[developer]": "on", "webhook[application]": "on",
               "webhook[registration]": "on", "webhook[credential]": "on", "webhook[service]": "on"},
        ).json()
        receiver.secret = made["secret"]
        yield {"portal": portal, "owner": owner, "receiver": receiver, "restart": restart,
               "endpoint": made["id"]}
    finally:
        stop(running)
        if receiver.server:
            try:
                receiver.stop()
            except OSError:
                pass
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def sign_up(portal):
    email = f"hooked.{uuid.uuid4().hex[:10]}@example.com"
    portal.call("sign_up", None, full_name="Hooked Dev", email=email, password="a long password")
    return email


def developer_id(portal, owner, email):
    rows = portal.queue("developer_requests", owner, search=email)
    return next(row["id"] for row in rows if row["email"] == email)


def deliveries(portal, owner):
    return portal.call("list_webhooks", owner).json()["deliveries"]


def poke(portal, owner):
    """On Workers, delivery runs after a request that may change something (any POST) and
    from the per-minute Cron Trigger, which `wrangler dev` does not run: make such a request."""
    if ON_WORKERS:
        portal.call("list_webhooks", owner)


def test_a_test_event_and_lifecycle_events_arrive_signed(hooked):
    portal, owner, receiver = hooked["portal"], hooked["owner"], hooked["receiver"]
    portal.call("send_test_webhook", owner, endpoint_id=hooked["endpoint"])
    poke(portal, owner)
    (message, event), = receiver.wait_for("webhook.test")
    assert event["data"]["endpoint_id"] == hooked["endpoint"]
    assert message.startswith("msg_")

    email = sign_up(portal)
    poke(portal, owner)
    receiver.wait_for("developer.signed_up", email)
    dev = developer_id(portal, owner, email)
    portal.call("act_on_developer", owner, developer_id=dev, action="approve", expected="pending")
    poke(portal, owner)
    (_, approved), = receiver.wait_for("developer.approved", email)
    assert approved["data"]["actor"] == {"kind": "admin", "id": approved["data"]["actor"]["id"], "label": OWNER[0]}
    assert approved["data"]["target"]["id"] == dev
    assert receiver.forged == 0

    # The log records an answer just after the receiver gave it.
    deadline = time.time() + 10
    log = deliveries(portal, owner)
    while not all(d["state"] == "delivered" for d in log):
        assert time.time() < deadline, log
        time.sleep(0.2)
        log = deliveries(portal, owner)
    assert {d["event_type"] for d in log} >= {"webhook.test", "developer.signed_up", "developer.approved"}
    assert all(d["last_status"] == 204 and d["attempts"] == 1 for d in log), log


def test_an_event_raised_while_the_receiver_is_down_arrives_once_after_a_restart(hooked):
    portal, owner, receiver = hooked["portal"], hooked["owner"], hooked["receiver"]
    email = sign_up(portal)
    poke(portal, owner)
    receiver.wait_for("developer.signed_up", email)
    dev = developer_id(portal, owner, email)

    receiver.stop()
    # The decision is made at once, whatever the receiver does.
    started = time.time()
    portal.call("act_on_developer", owner, developer_id=dev, action="reject", expected="pending")
    assert time.time() - started < 2
    poke(portal, owner)
    deadline = time.time() + 30
    while True:
        failing = [d for d in deliveries(portal, owner) if d["event_type"] == "developer.rejected"]
        if failing and failing[0]["attempts"] >= 1:
            break
        assert time.time() < deadline, f"no failed attempt recorded: {failing}"
        time.sleep(0.2)
    (rejected,) = failing
    assert rejected["state"] == "pending" and rejected["last_status"] is None
    assert rejected["last_error"] and rejected["next_attempt_at"]

    hooked["restart"]()
    receiver.start()
    (message, event), = receiver.wait_for("developer.rejected", email, timeout=60, poke=lambda: poke(portal, owner))
    assert message == rejected["message_id"]
    # Nothing arrives twice: give a stray retry time to show itself.
    time.sleep(3)
    poke(portal, owner)
    assert receiver.ids[message] == 1
    assert all(count == 1 for count in receiver.ids.values()), receiver.ids
    deadline = time.time() + 10
    while True:
        (delivered,) = [d for d in deliveries(portal, owner) if d["id"] == rejected["id"]]
        if delivered["state"] == "delivered" or time.time() > deadline:
            break
        time.sleep(0.2)
    assert delivered["state"] == "delivered" and delivered["attempts"] == 2, delivered


def test_redeliver_sends_the_same_message_again_and_bad_input_changes_nothing(hooked):
    portal, owner, receiver = hooked["portal"], hooked["owner"], hooked["receiver"]
    portal.call("send_test_webhook", owner, endpoint_id=hooked["endpoint"])
    poke(portal, owner)
    (message, _), = receiver.wait_for("webhook.test")
    (delivery,) = [d for d in deliveries(portal, owner) if d["message_id"] == message]
    portal.call("redeliver_webhook", owner, delivery_id=str(delivery["id"]))
    poke(portal, owner)
    deadline = time.time() + 30
    while receiver.ids[message] < 2:
        assert time.time() < deadline, "the redelivery did not arrive"
        time.sleep(0.1)

    before = portal.call("list_webhooks", owner).json()["endpoints"]
    refused = requests.post(
        f"{portal.base}/api/create_webhook",
        data={"webhook[url]": "ftp://nowhere", "webhook[developer]": "on"},
        headers={"Origin": portal.base, "Accept": "application/json"},
        cookies={"gatehouse_session": owner}, timeout=10,
    )
    assert refused.status_code == 422
    assert "http://" in json.dumps(refused.json())
    again = requests.post(
        f"{portal.base}/api/create_webhook",
        data={"webhook[url]": receiver.url, "webhook[developer]": "on"},
        headers={"Origin": portal.base, "Accept": "application/json"},
        cookies={"gatehouse_session": owner}, timeout=10,
    )
    assert again.status_code == 422
    assert "exists already" in again.text
    assert portal.call("list_webhooks", owner).json()["endpoints"] == before
