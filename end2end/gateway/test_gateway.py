"""Every credential type through a real nginx (auth_request) with real client libraries:
allowed when everything is approved, 403 within a second of the registration being revoked,
401 within a second of the credential being deleted."""
import base64
import hashlib
import hmac
import itertools
import time
from email.utils import formatdate

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session

COUNTER = itertools.count()


class Access:
    """An approved developer's application, registered and approved with its own service."""

    def __init__(self, stack, portal, owner):
        n = next(COUNTER)
        self.portal, self.owner = portal, owner
        self.prefix = f"/svc{n}-{int(time.time())}"
        self.gateway = stack["gateway"]
        portal.call(
            "save_service", owner,
            **{"form[id]": "", "form[name]": f"Service {self.prefix}", "form[version]": "1",
               "form[description]": "", "form[route_prefix]": self.prefix, "form[host]": "",
               "form[acl_groups]": "", "form[openapi]": ""},
        )
        email = f"dev{n}.{int(time.time() * 1000)}@example.com"
        portal.call("sign_up", None, full_name="Gateway Dev", email=email, password="a long password")
        self.email = email
        self.developer = portal.sign_in(email, "a long password", realm="portal")
        services = portal.call("list_services", owner).json()
        service_id = next(s["id"] for s in services if s["route_prefix"] == self.prefix)
        self.application = portal.call("create_application", self.developer, name=f"App {n}", description="").json()
        portal.call("register_application", self.developer, application_id=self.application, service_id=service_id)
        queue = portal.queue("registration_requests", owner)
        self.registration = next(r["id"] for r in queue if r["application_id"] == self.application)
        self.decide("approve", "pending")
        # The gateway knows the new service within a second: a bare call is asked for a key.
        within_a_second(lambda: requests.get(self.url(), timeout=5), 401)

    def decide(self, action, expected):
        self.portal.call("act_on_registration", self.owner, registration_id=self.registration, action=action, expected=expected)

    def credential(self, kind, **extra):
        form = {"application_id": self.application, "credential[kind]": kind, "credential[name]": "",
                "credential[username]": "", "credential[public_key]": "", "credential[expires_in_days]": "0"}
        form.update({f"credential[{k}]": v for k, v in extra.items()})
        return self.portal.call("generate_credential", self.developer, **form).json()

    def delete(self, credential_id):
        self.portal.call("delete_credential", self.developer, credential_id=credential_id)

    def url(self, rest="/things"):
        return f"{self.gateway}{self.prefix}{rest}"


def within_a_second(call, status):
    """Polls until the gateway answers `status`; fails if that takes a second or more."""
    started = time.monotonic()
    while True:
        response = call()
        if response.status_code == status:
            elapsed = time.monotonic() - started
            assert elapsed < 1.0, f"took {elapsed:.2f} s"
            return response
        if time.monotonic() - started > 3:
            pytest.fail(f"still {response.status_code} {response.text} after 3 s, expected {status}")
        time.sleep(0.02)


def lifecycle(access, credential_id, call):
    """Allowed, then 403 after the registration is revoked, then 401 after deletion."""
    allowed = within_a_second(call, 200)
    assert allowed.json()["application"] == access.application
    assert allowed.json()["username"] == access.email
    access.decide("revoke", "approved")
    forbidden = within_a_second(call, 403)
    assert "not approved for this service" in forbidden.json()["message"]
    access.decide("approve", "revoked")
    within_a_second(call, 200)
    access.delete(credential_id)
    refused = within_a_second(call, 401)
    assert "WWW-Authenticate" in refused.headers
    assert "message" in refused.json()


@pytest.fixture
def access(stack, portal, owner):
    return Access(stack, portal, owner)


def test_key_auth_with_requests(access):
    created = access.credential("key-auth")
    key = created["secret"]
    assert requests.get(access.url(), timeout=5).status_code == 401
    assert requests.get(access.url(), headers={"apikey": "wrong" * 6}, timeout=5).status_code == 401
    # The key works as a header and as a query parameter.
    by_query = within_a_second(lambda: requests.get(access.url(f"/x?apikey={key}"), timeout=5), 200)
    assert by_query.json()["path"].startswith(access.prefix)
    lifecycle(access, created["id"], lambda: requests.get(access.url(), headers={"apikey": key}, timeout=5))


def test_basic_auth_with_requests(access):
    username = f"basic{next(COUNTER)}{int(time.time())}"
    created = access.credential("basic-auth", username=username)
    assert requests.get(access.url(), auth=(username, "not the password"), timeout=5).status_code == 401
    response = within_a_second(lambda: requests.get(access.url(), auth=(username, created["secret"]), timeout=5), 200)
    assert response.json()["credential"] == username
    lifecycle(access, created["id"], lambda: requests.get(access.url(), auth=(username, created["secret"]), timeout=5))


def test_jwt_hs256_with_pyjwt(access):
    created = access.credential("jwt", algorithm="HS256")
    key, secret = created["identifier"], created["secret"]

    def call(claims=None):
        token = jwt.encode(claims or {"iss": key, "exp": int(time.time()) + 60}, secret, algorithm="HS256")
        return requests.get(access.url(), headers={"Authorization": f"Bearer {token}"}, timeout=5)

    within_a_second(call, 200)
    assert call({"iss": key, "exp": int(time.time()) - 10}).status_code == 401, "expired"
    assert call({"iss": key, "nbf": int(time.time()) + 600}).status_code == 401, "not yet valid"
    forged = jwt.encode({"iss": key}, "another secret", algorithm="HS256")
    assert requests.get(access.url(), headers={"Authorization": f"Bearer {forged}"}, timeout=5).status_code == 401
    assert requests.get(access.url(), headers={"Authorization": "Bearer a.b.c"}, timeout=5).status_code == 401
    lifecycle(access, created["id"], call)


def test_jwt_rs256_with_pyjwt_and_an_uploaded_key(access):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    created = access.credential("jwt", algorithm="RS256", public_key=public_pem)
    assert created["secret"] is None
    key = created["identifier"]

    def call():
        token = jwt.encode({"iss": key, "exp": int(time.time()) + 60}, private, algorithm="RS256")
        return requests.get(access.url(), headers={"Authorization": f"Bearer {token}"}, timeout=5)

    # A token signed with HS256 and the public key as its secret (algorithm confusion) is
    # refused. PyJWT will not make one, so it is assembled by hand.
    b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    unsigned = b64(b'{"alg":"HS256","typ":"JWT"}') + "." + b64(('{"iss":"%s"}' % key).encode())
    forged = unsigned + "." + b64(hmac.new(public_pem.encode(), unsigned.encode(), hashlib.sha256).digest())
    assert requests.get(access.url(), headers={"Authorization": f"Bearer {forged}"}, timeout=5).status_code == 401
    lifecycle(access, created["id"], call)


def test_oauth2_client_credentials_with_requests_oauthlib(access, monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain HTTP on loopback
    created = access.credential("oauth2")
    client_id, client_secret = created["identifier"], created["secret"]
    token_url = f"{access.gateway}/oauth2/token"
    good = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret}
    within_a_second(lambda: requests.post(token_url, data=good, timeout=5), 200)
    bad = requests.post(token_url, data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": "wrong"}, timeout=5)
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    assert requests.post(token_url, data={"grant_type": "password"}, timeout=5).json()["error"] == "unsupported_grant_type"
    session = OAuth2Session(client=BackendApplicationClient(client_id=client_id))
    token = session.fetch_token(token_url=token_url, client_id=client_id, client_secret=client_secret)
    assert token["token_type"].lower() == "bearer" and token["expires_in"] == 3600
    assert requests.get(access.url(), headers={"Authorization": "Bearer not-a-token"}, timeout=5).status_code == 401
    lifecycle(access, created["id"], lambda: session.get(access.url(), timeout=5))


def hmac_headers(username, secret, method, path, algorithm="hmac-sha256", date=None):
    """Signs like Kong's hmac-auth documentation: `date` and the request line."""
    date = date or formatdate(usegmt=True)
    signing = f"date: {date}\n{method} {path} HTTP/1.1"
    digest = {"hmac-sha1": hashlib.sha1, "hmac-sha256": hashlib.sha256, "hmac-sha384": hashlib.sha384, "hmac-sha512": hashlib.sha512}[algorithm]
    signature = base64.b64encode(hmac.new(secret.encode(), signing.encode(), digest).digest()).decode()
    return {
        "Date": date,
        "Authorization": f'hmac username="{username}", algorithm="{algorithm}", headers="date request-line", signature="{signature}"',
    }


def test_hmac_auth_with_a_kong_style_signer(access):
    username = f"hmac{next(COUNTER)}{int(time.time())}"
    created = access.credential("hmac-auth", username=username)
    secret = created["secret"]
    path = f"{access.prefix}/things"
    for algorithm in ["hmac-sha1", "hmac-sha384", "hmac-sha512"]:
        within_a_second(lambda: requests.get(access.url(), headers=hmac_headers(username, secret, "GET", path, algorithm), timeout=5), 200)
    stale = formatdate(time.time() - 600, usegmt=True)
    assert requests.get(access.url(), headers=hmac_headers(username, secret, "GET", path, date=stale), timeout=5).status_code == 401
    # The signature covers the method: replaying it on POST fails.
    assert requests.post(access.url(), headers=hmac_headers(username, secret, "GET", path), timeout=5).status_code == 401
    assert requests.get(access.url(), headers={"Authorization": 'hmac username="x", signature="@@@"'}, timeout=5).status_code == 401
    lifecycle(access, created["id"], lambda: requests.get(access.url(), headers=hmac_headers(username, secret, "GET", path), timeout=5))


def test_revoking_the_developer_ends_every_credential_at_once(access, portal, owner):
    key = access.credential("key-auth")["secret"]
    call = lambda: requests.get(access.url(), headers={"apikey": key}, timeout=5)
    within_a_second(call, 200)
    developer_id = portal.call("current_viewer", access.developer).json()["Developer"]["id"]
    portal.call("act_on_developer", owner, developer_id=developer_id, action="revoke", expected="approved")
    within_a_second(call, 403)
    portal.call("act_on_developer", owner, developer_id=developer_id, action="approve", expected="revoked")
    within_a_second(call, 200)


def test_malformed_headers_get_401_never_500(access):
    within = access.url()
    for headers in [
        {"Authorization": "Basic %%%"},
        {"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
        {"Authorization": "Bearer " + "x" * 9000},
        {"Authorization": "Bearer e30.e30"},
        {"Authorization": "Bearer e30.e30.e30.e30"},
        {"Authorization": "hmac " + "," * 500},
        {"Authorization": "Digest abc"},
        {"apikey": ""},
    ]:
        response = requests.get(within, headers=headers, timeout=5)
        assert response.status_code in (401, 400), f"{headers}: {response.status_code}"
