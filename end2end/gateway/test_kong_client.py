"""A script written for Kong's Dev Portal Admin API, run against Gatehouse's `/kong`
endpoints with `requests` and an API token: list pending developers (status 1), approve one
(status 0), approve their application instance, import a key-auth credential issued
elsewhere, and call the API with that key through nginx."""
import time
import uuid

import requests

from test_gateway import within_a_second


class Kong:
    """What a Kong admin script does: JSON over HTTP to the admin API."""

    def __init__(self, base, token):
        self.base = base
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, **params):
        response = requests.get(f"{self.base}{path}", params=params, headers=self.headers, timeout=10)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
        return response.json()

    def patch(self, path, body):
        response = requests.patch(f"{self.base}{path}", json=body, headers=self.headers, timeout=10)
        assert response.status_code == 200, f"PATCH {path}: {response.status_code} {response.text}"
        return response.json()

    def post(self, path, body):
        return requests.post(f"{self.base}{path}", json=body, headers=self.headers, timeout=10)


def api_token(portal, owner):
    made = portal.call(
        "create_api_token", owner,
        **{"token[name]": f"kong-script-{uuid.uuid4().hex[:8]}", "token[expires_in_days]": "",
           "token[read]": "on", "token[developers]": "on", "token[applications]": "on",
           "token[settings]": "on"},
    ).json()
    return made["secret"]


def set_auto_approve(base, token, on):
    headers = {"Authorization": f"Bearer {token}"}
    current = requests.get(f"{base}/api/v1/settings", headers=headers, timeout=10)
    settings = current.json()
    settings["auto_approve_developers"] = on
    saved = requests.put(
        f"{base}/api/v1/settings", json=settings,
        headers={**headers, "If-Match": current.headers["ETag"]}, timeout=10,
    )
    assert saved.status_code == 200, saved.text


def test_a_kong_admin_script_approves_a_developer_and_imports_a_key_that_works_at_the_gateway(stack, portal, owner):
    token = api_token(portal, owner)
    kong = Kong(f"{stack['portal']}/kong", token)
    set_auto_approve(stack["portal"], token, False)
    try:
        email = f"kong.{int(time.time() * 1000)}@example.com"
        portal.call("sign_up", None, full_name="Kong Dev", email=email, password="a long password")

        pending = kong.get("/developers", status=1)
        developer = next(d for d in pending["data"] if d["email"] == email)
        assert developer["status"] == 1
        assert "next" in pending
        approved = kong.patch(f"/developers/{developer['id']}", {"status": 0})
        assert approved["status"] == 0
        assert kong.get(f"/developers/{email}")["status"] == 0
    finally:
        set_auto_approve(stack["portal"], token, True)

    # The developer builds an application and asks for a service, in the portal.
    prefix = f"/kong{int(time.time() * 1000)}"
    portal.call(
        "save_service", owner,
        **{"form[id]": "", "form[name]": f"Kong {prefix}", "form[version]": "1",
           "form[description]": "", "form[route_prefix]": prefix, "form[host]": "",
           "form[acl_groups]": "", "form[openapi]": ""},
    )
    service_id = next(s["id"] for s in portal.call("list_services", owner).json() if s["route_prefix"] == prefix)
    session = portal.sign_in(email, "a long password", realm="portal")
    application = portal.call("create_application", session, name="Kong app", description="").json()
    portal.call("register_application", session, application_id=application, service_id=service_id)

    applications = kong.get(f"/developers/{developer['id']}/applications")["data"]
    assert [a["id"] for a in applications] == [application]
    instances = kong.get(f"/applications/{application}/application_instances")["data"]
    assert instances[0]["status"] == 1 and instances[0]["service"]["id"] == service_id
    instance = kong.patch(f"/applications/{application}/application_instances/{instances[0]['id']}", {"status": 0})
    assert instance["status"] == 0

    # A key issued by the old gateway keeps working: imported with its secret.
    key = f"kong-issued-{uuid.uuid4().hex}"
    created = kong.post(f"/developers/{email}/credentials/key-auth", {"key": key})
    assert created.status_code == 201, created.text
    assert created.json()["key"] == key
    again = kong.post(f"/developers/{email}/credentials/key-auth", {"key": key})
    assert again.status_code == 422 and again.headers["content-type"] == "application/problem+json"
    listed = kong.get(f"/developers/{email}/credentials/key-auth")["data"]
    assert len(listed) == 1 and key not in str(listed), "listed without the secret"

    url = f"{stack['gateway']}{prefix}/things"
    within_a_second(lambda: requests.get(url, headers={"apikey": key}, timeout=5), 200)
    assert requests.get(url, headers={"apikey": key + "x"}, timeout=5).status_code == 401


def test_a_kong_script_without_a_live_token_is_refused(stack):
    response = requests.get(f"{stack['portal']}/kong/developers", headers={"Authorization": "Bearer gha_nothing"}, timeout=10)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
