"""Plans enforced at the gateway, through real nginx: the default plan applies to a new
registration, a request over the limit gets 429 with Retry-After and the IETF RateLimit
headers (every allowed answer carries them too), a changed plan applies within a second,
and a quota survives a restart of Gatehouse."""
import re
import time

import requests

from conftest import ON_WORKERS
from test_gateway import Access, within_a_second


def save_plan(portal, owner, service_id, name, plan_id="", default=False, **limits):
    form = {"plan[id]": plan_id, "plan[service_id]": service_id, "plan[name]": name}
    for window in ("per_second", "per_minute", "per_day", "per_month"):
        form[f"plan[{window}]"] = str(limits.get(window, ""))
    if default:
        form["plan[is_default]"] = "on"
    portal.call("save_plan", owner, **form)
    for service in portal.call("list_plans", owner).json():
        for plan in service["plans"]:
            if plan["service_id"] == service_id and plan["name"] == name:
                return plan["id"]
    raise AssertionError(f"plan {name} not listed")


def service_id_of(portal, owner, prefix):
    return next(s["id"] for s in portal.call("list_services", owner).json() if s["route_prefix"] == prefix)


def call(access, key):
    return requests.get(access.url("/limited"), headers={"apikey": key}, timeout=5)


def policy(response):
    """The RateLimit-Policy items as {name: (quota, window seconds)}."""
    items = {}
    for item in response.headers["RateLimit-Policy"].split(","):
        name = re.search(r'"(\w+)"', item).group(1)
        quota = int(re.search(r"q=(\d+)", item).group(1))
        window = int(re.search(r"w=(\d+)", item).group(1))
        items[name] = (quota, window)
    return items


def remaining(response, name):
    for item in response.headers["RateLimit"].split(","):
        if f'"{name}"' in item:
            return int(re.search(r"r=(\d+)", item).group(1)), int(re.search(r"t=(\d+)", item).group(1))
    raise AssertionError(f"no {name} in {response.headers['RateLimit']}")


def test_the_default_plan_limits_a_new_registration_and_answers_429_with_headers(stack, portal, owner):
    access = Access(stack, portal, owner)
    service = service_id_of(portal, owner, access.prefix)
    save_plan(portal, owner, service, "Free", default=True, per_minute=5, per_day=1000)
    key = access.credential("key-auth")["secret"]
    # The gateway follows the new plan within a second; its headers say so.
    first = within_a_second(lambda: call(access, key), 200)
    assert policy(first) == {"minute": (5, 60), "day": (1000, 86400)}
    left, reset = remaining(first, "minute")
    assert left <= 4 and 1 <= reset <= 60
    statuses = [call(access, key).status_code for _ in range(8)]
    assert statuses.count(200) + 1 <= 5, statuses
    refused = call(access, key)
    assert refused.status_code == 429, refused.text
    assert "limit" in refused.json()["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 120
    assert remaining(refused, "minute")[0] == 0
    assert policy(refused)["minute"] == (5, 60)
    # The upstream never saw the refused request: the body is Gatehouse's message.
    assert "upstream" not in refused.text


def test_a_plan_chosen_for_the_registration_applies_within_a_second(stack, portal, owner):
    access = Access(stack, portal, owner)
    service = service_id_of(portal, owner, access.prefix)
    tight = save_plan(portal, owner, service, "Tight", per_minute=2)
    roomy = save_plan(portal, owner, service, "Roomy", per_minute=1000)
    portal.call("set_registration_plan", owner, registration_id=access.registration, plan_id=tight)
    key = access.credential("key-auth")["secret"]
    within_a_second(lambda: call(access, key), 429)
    portal.call("set_registration_plan", owner, registration_id=access.registration, plan_id=roomy)
    allowed = within_a_second(lambda: call(access, key), 200)
    assert policy(allowed) == {"minute": (1000, 60)}
    # Back to the service's default: it has none, so no limit and no headers.
    portal.call("set_registration_plan", owner, registration_id=access.registration, plan_id="")
    deadline = time.time() + 2
    while time.time() < deadline and "RateLimit-Policy" in call(access, key).headers:
        time.sleep(0.05)
    unlimited = call(access, key)
    assert unlimited.status_code == 200 and "RateLimit-Policy" not in unlimited.headers


def test_a_bad_plan_is_refused_with_a_message_per_field_and_nothing_saved(stack, portal, owner):
    access = Access(stack, portal, owner)
    service = service_id_of(portal, owner, access.prefix)
    before = portal.call("list_plans", owner).json()
    response = requests.post(
        f"{portal.base}/api/save_plan",
        data={"plan[id]": "", "plan[service_id]": service, "plan[name]": "",
              "plan[per_second]": "-3", "plan[per_minute]": "1.5", "plan[per_day]": "",
              "plan[per_month]": "99999999999"},
        headers={"Origin": portal.base, "Accept": "application/json"},
        cookies={"gatehouse_session": owner}, timeout=10)
    assert response.status_code == 422, response.text
    for message in ("Give the plan a name", "Give a whole number", "1,000,000,000 or fewer"):
        assert message in response.text, response.text
    assert portal.call("list_plans", owner).json() == before


def test_usage_is_counted_by_outcome_for_the_developer_to_see(stack, portal, owner):
    access = Access(stack, portal, owner)
    service = service_id_of(portal, owner, access.prefix)
    plan = save_plan(portal, owner, service, "Three", per_day=3)
    portal.call("set_registration_plan", owner, registration_id=access.registration, plan_id=plan)
    key = access.credential("key-auth")["secret"]
    within_a_second(lambda: call(access, key), 200)
    while call(access, key).status_code == 200:
        pass
    deadline = time.time() + 5
    while time.time() < deadline:
        # Each refused call also lets the gateway send its counts (a Worker's isolate does
        # so after its requests, at most every 100 ms).
        time.sleep(0.15)
        call(access, key)
        details = portal.call("get_application", access.developer, application_id=access.application).json()
        usage = next(u for u in details["usage"] if u["service_id"] == service)
        today = usage["days"][-1]
        if today["over_limit"] >= 2:
            break
        time.sleep(0.2)
    assert usage["plan_name"] == "Three"
    assert today["allowed"] == 3, usage
    assert today["over_limit"] >= 2, usage
    assert usage["current"] == [{"window": "day", "used": 3, "limit": 3}]
    # The same numbers as CSV: the developer's own application, and the console's export.
    for url, session in ((f"{portal.base}/apps/{access.application}/usage.csv", access.developer),
                         (f"{portal.base}/admin/usage/export.csv?application={access.application}", owner)):
        export = requests.get(url, cookies={"gatehouse_session": session}, timeout=10)
        assert export.status_code == 200, export.text
        assert export.headers["content-type"].startswith("text/csv")
        lines = export.text.strip().splitlines()
        assert lines[0] == "hour,application_id,application,service_id,service,allowed,over_limit,refused"
        rows = [line.split(",") for line in lines[1:]]
        assert sum(int(r[5]) for r in rows if r[3] == service) == 3, export.text
        assert sum(int(r[6]) for r in rows if r[3] == service) >= 2, export.text
    # No session, another developer's, and a bad number of days are refused.
    anonymous = requests.get(f"{portal.base}/apps/{access.application}/usage.csv", timeout=10)
    assert anonymous.status_code == 401
    stranger = Access(stack, portal, owner)
    other = requests.get(f"{portal.base}/apps/{access.application}/usage.csv",
                         cookies={"gatehouse_session": stranger.developer}, timeout=10)
    assert other.status_code == 404
    bad = requests.get(f"{portal.base}/admin/usage/export.csv?days=9999",
                       cookies={"gatehouse_session": owner}, timeout=10)
    assert bad.status_code == 400 and "days" in bad.text
