"""The Host header never reaches a link: untrusted hosts get a 400, links are relative or on the base URL."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_search.cli import main
from practice_search.web.app import create_app
from practice_search.web.hosts import HostPolicy

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
PRACTICE = "lisbon-loures-seixal-roma-school-mediators"
ROUTES = ["/", "/?q=roma", f"/practice/{PRACTICE}", "/about", "/facet/country", "/api/search?q=roma",
          f"/api/practice/{PRACTICE}", "/api/stats", "/search.csv", "/search.json", "/feed.atom", "/opensearch.xml",
          "/healthz", "/favicon.ico", "/nope", f"/practice//{PRACTICE}"]
BASE = "https://practices.example.org"


@pytest.fixture(scope="module")
def plain(sample_index):
    return create_app(sample_index, base_url="", trusted_hosts=[]).test_client()


@pytest.fixture(scope="module")
def based(sample_index):
    return create_app(sample_index, base_url=BASE, trusted_hosts=[]).test_client()


def get(client, path: str, host: str):
    return client.get(path, headers={"Host": host})


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "[::2]:8000",
                                  "practices.example.org", "local host", "localhost@evil.example"])
def test_an_untrusted_host_is_a_400_on_every_route(plain, path, host):
    response = get(plain, path, host)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "evil" not in body and "nip.io" not in body and "Location" not in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:9", "[::1]:8000", "LOCALHOST."])
def test_loopback_names_are_trusted_by_default(plain, host):
    assert get(plain, "/api/search?q=roma", host).status_code == 200


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=40))
def test_any_host_value_is_answered_without_500_or_echo(plain, host):
    response = get(plain, "/feed.atom", host)
    if host.strip().lower().rstrip(".").split(":")[0] in ("localhost", "127.0.0.1", ""):  # "": the server's name
        assert response.status_code in (200, 400)
    else:
        assert response.status_code == 400
        if len(host) > 3:
            assert host not in response.get_data(as_text=True)


def test_a_trusted_list_with_subdomains(sample_index):
    client = create_app(sample_index, base_url="", trusted_hosts=["search.example.org", ".example.net"]).test_client()
    for host in ("search.example.org", "SEARCH.example.org:443", "example.net", "a.b.example.net"):
        assert get(client, "/api/stats", host).status_code == 200, host
    for host in ("localhost", "example.org", "search.example.org.evil.com", "evilexample.net", "x.example.org"):
        assert get(client, "/api/stats", host).status_code == 400, host


def test_without_a_base_url_links_are_relative_and_required_absolutes_use_the_checked_host(plain):
    host = "127.0.0.1:8000"
    feed = ET.fromstring(get(plain, "/feed.atom?q=roma", host).get_data())
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links and all(href.startswith("/") for href in links)
    ids = [element.text for element in feed.iter(f"{ATOM}id")]
    assert len(ids) > 1 and all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == len(ids)
    assert ids == [e.text for e in ET.fromstring(get(plain, "/feed.atom?q=roma", "localhost").get_data())
                   .iter(f"{ATOM}id")]  # the same ids whichever name the site was reached by
    search = ET.fromstring(get(plain, "/opensearch.xml", host).get_data())
    templates = [u.get("template") for u in search.iter(f"{OPENSEARCH}Url")]
    assert templates and all(t.startswith(f"http://{host}/") for t in templates)
    rows = list(csv.DictReader(io.StringIO(get(plain, "/search.csv?q=roma", host).get_data().decode("utf-8-sig"))))
    assert rows and all(r["page_url"] == f"http://{host}/practice/{r['id']}" for r in rows)
    redirect = get(plain, f"/practice//{PRACTICE}", host)
    assert redirect.status_code in (301, 308) and redirect.headers["Location"] == f"/practice/{PRACTICE}"


def test_with_a_base_url_every_absolute_link_uses_it(based):
    for host in ("localhost", "practices.example.org"):
        feed = ET.fromstring(get(based, "/feed.atom?q=roma", host).get_data())
        urls = [link.get("href") for link in feed.iter(f"{ATOM}link")] + [i.text for i in feed.iter(f"{ATOM}id")]
        assert len(urls) > 3 and all(u.startswith(f"{BASE}/") for u in urls)
        search = ET.fromstring(get(based, "/opensearch.xml", host).get_data())
        templates = [u.get("template") for u in search.iter(f"{OPENSEARCH}Url")]
        assert templates and all(t.startswith(f"{BASE}/") for t in templates)
        body = get(based, "/search.csv?q=roma", host).get_data().decode("utf-8-sig")
        assert all(r["page_url"] == f"{BASE}/practice/{r['id']}" for r in csv.DictReader(io.StringIO(body)))
        assert get(based, f"/practice//{PRACTICE}", host).headers["Location"] == f"{BASE}/practice/{PRACTICE}"
    assert get(based, "/", "evil.example").status_code == 400


@pytest.mark.parametrize("bad", ["ftp://example.org", "example.org", "https://", "https://a.org/?x=1",
                                 "https://user@evil.example", "javascript:alert(1)"])
def test_a_bad_base_url_is_refused(bad):
    with pytest.raises(ValueError, match="absolute http"):
        HostPolicy.make(bad, [])


@pytest.fixture()
def served(monkeypatch):
    """Runs `practices serve` up to the point where gunicorn would start; returns what it was given."""
    from practice_search import cli
    from practice_search.web import server

    for name in ("PRACTICES_BASE_URL", "PRACTICES_TRUSTED_HOSTS", "PRACTICES_INDEX"):
        monkeypatch.setenv(name, "")
    calls = []
    monkeypatch.setattr(server, "run", lambda **kwargs: calls.append(kwargs))
    monkeypatch.setattr(cli, "_refuse_busy_port", lambda host, port: None)  # 10.1.2.3 is not this machine's

    def serve(*args: str, env: dict | None = None):
        result = CliRunner().invoke(main, ["serve", *args], env=env, catch_exceptions=False)
        return (result, calls[-1]) if calls else (result, None)
    return serve


def test_serve_trusts_the_bound_address_and_the_base_url_host(served, sample_index):
    result, call = served("--index", str(sample_index), "--host", "10.1.2.3", "--base-url", BASE + "/")
    assert result.exit_code == 0, result.output
    assert {"localhost", "127.0.0.1", "10.1.2.3", "practices.example.org"} <= set(call["trusted_hosts"])
    assert call["base_url"] == BASE and call["worker"] == "gevent"


def test_serve_takes_trusted_hosts_from_the_option_or_the_environment(served, sample_index):
    _, call = served("--index", str(sample_index), "--trusted-host", "a.example.org", "--trusted-host", ".b.org")
    assert call["trusted_hosts"] == ["a.example.org", ".b.org"]
    _, call = served("--index", str(sample_index), env={"PRACTICES_TRUSTED_HOSTS": "c.example.org, d.example.org"})
    assert call["trusted_hosts"] == ["c.example.org", "d.example.org"]


def test_serve_refuses_a_bad_base_url_in_one_line(served, sample_index):
    result, call = served("--index", str(sample_index), "--base-url", "practices.example.org")
    assert result.exit_code == 2 and call is None
    assert "absolute http(s) URL" in result.output


@pytest.mark.parametrize("bind", ["0.0.0.0", "::"])
def test_bound_to_every_interface_the_machine_s_own_names_are_trusted(bind):
    import socket

    policy = HostPolicy.make(None, [], bind_host=bind)
    assert policy.allows(socket.gethostname()) and policy.allows("localhost:8000")
    assert not policy.allows("evil.example") and not policy.allows("0.0.0.0")


def test_a_specific_bind_address_is_trusted_with_the_loopback_names_only():
    policy = HostPolicy.make(None, [], bind_host="10.1.2.3")
    assert policy.allows("10.1.2.3:8000") and policy.allows("[::1]")
    assert not policy.allows("10.1.2.4") and not policy.allows("vm.example")
