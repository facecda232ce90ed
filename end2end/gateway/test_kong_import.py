"""`gatehouse import kong` on a decK dump (end2end/fixtures/kong.yaml): developers,
applications and credentials come over with their secrets, what cannot come over is named
with the reason, and a second run changes nothing."""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest
import requests

from conftest import ON_WORKERS, OWNER, ROOT, Portal, free_port, fresh_database, start_gatehouse, stop

FIXTURE = ROOT / "end2end/fixtures/kong.yaml"

pytestmark = pytest.mark.skipif(ON_WORKERS, reason="the command line runs beside a native server")


def run_import(database):
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = os.environ.get("GATEHOUSE_BIN", str(target / "release/gatehouse"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_")}
    env.update(database)
    done = subprocess.run([binary, "import", "kong", str(FIXTURE)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture
def portal_and_database():
    work = pathlib.Path(tempfile.mkdtemp(prefix="gatehouse-kong-import-"))
    log = open(work / "gatehouse.log", "w")
    database = fresh_database(work)
    port = free_port()
    process = start_gatehouse(work, port, log, database=database)
    try:
        yield Portal(f"http://127.0.0.1:{port}"), database
    finally:
        stop([process])
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def test_a_deck_dump_comes_over_with_its_secrets_once(portal_and_database):
    portal, database = portal_and_database
    owner = portal.sign_in(*OWNER, realm="console")
    portal.call(
        "save_portal_settings", owner,
        **{"settings[auto_approve_developers]": "false", "settings[auto_approve_applications]": "false",
           "settings[rejections_final]": "true", "settings[require_email_verification]": "true",
           "settings[public_portal]": "true", "settings[credential_types][key_auth]": "true",
           "settings[credential_types][basic_auth]": "true", "settings[credential_types][oauth2]": "true",
           "settings[credential_types][hmac_auth]": "true", "settings[credential_types][jwt]": "true",
           "settings[max_credential_days]": "0"},
    )

    first = run_import(database)
    assert first[-1] == ("Imported 3 developers, 4 applications and 10 credentials; "
                         "0 already there; 2 skipped."), "\n".join(first)
    skipped = [line for line in first if line.startswith("skipped")]
    assert any("billing-batch" in line and "no e-mail address" in line for line in skipped)
    assert any("basic-auth priya.raman" in line and "hash" in line for line in skipped)
    # The report never prints a whole secret.
    text = "\n".join(first)
    for secret in ("K7YRgNWZELzwWFvlEivmYM4myRZqGaej", "Fjord-Lantern-2718", "F3MrOq1tcENl7SBXlXcImWlGY3PtaFQR"):
        assert secret not in text

    again = run_import(database)
    assert again[-1] == ("Imported 0 developers, 0 applications and 0 credentials; "
                         "10 already there; 2 skipped."), "\n".join(again)

    token = portal.call(
        "create_api_token", owner,
        **{"token[name]": "import-check", "token[expires_in_days]": "", "token[read]": "on"},
    ).json()["secret"]
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    listed = api.get(f"{portal.base}/api/v1/developers", params={"status": "approved"}, timeout=10).json()
    emails = sorted(d["email"] for d in listed["data"])
    assert emails == ["amara.okafor@example.com", "jonas.berg@example.com", "priya.raman@example.com"]
    priya = next(d for d in listed["data"] if d["email"] == "priya.raman@example.com")
    detail = api.get(f"{portal.base}/api/v1/developers/{priya['id']}", timeout=10).json()
    apps = {a["name"]: a for a in detail["applications"]}
    assert set(apps) == {"Imported from Kong", "Weather Dashboard"}
    assert sorted(c["type"] for c in apps["Imported from Kong"]["credentials"]) == ["hmac-auth", "key-auth", "key-auth"]
    (oauth,) = apps["Weather Dashboard"]["credentials"]
    assert oauth["type"] == "oauth2" and oauth["identifier"] == "DoBgJ616FNbXunsjfRFOqFedMnjMCJPo"
    # Imported developers are audited as such, by the owner on the command line.
    audit = api.get(f"{portal.base}/api/v1/audit", params={"action": "developer.imported"}, timeout=10).json()
    assert len(audit["data"]) == 3
    assert all("(command line)" in entry["actor"] for entry in audit["data"])
