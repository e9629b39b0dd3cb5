"""Hostile queries and requests at every door (engine, CLI, HTTP): an answer or a clear 400, never a 500."""

from __future__ import annotations

import json

import pytest

from practice_search.search.engine import BadRequest, SearchRequest
from practice_search.search.query import MAX_QUERY_CHARS
from tests.reliability.conftest import run_cli

HOSTILE_QUERIES = [
    "", "   \t\n ", '"unbalanced phrase', 'two "un" "balanced', "((( [[[ {{{ ))) ]]", "unknown:field colour:red",
    "title:", 'title:"', "year:99999999999999999999", "year:2019-9999", "city:* country:*", "*", "**", "*x", "*ation",
    "-", "- - -", "-*", "OR", "OR OR OR", "roma OR", "OR roma", "NOT AND", "mediation~2 integrat~ roma~~~~",
    "a" * 200 + "~5", "\x00\x01\x07\x1b[31m\x7f\u200b", "\u202eevil\u202c", "مرحبا بالعالم", "עברית ו-roma",
    "🙂 🏳️‍🌈 👩‍👩‍👧", "' OR 1=1; DROP TABLE practices; --", "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)", "${jndi:ldap://evil/x}", "{{7*7}} {% debug %}", "%ff%fe%00", "\ud800 lone surrogate",
    "a:" * 200, '"' * MAX_QUERY_CHARS, "x" * MAX_QUERY_CHARS, " ".join(["roma"] * 90),
]


def assert_well_formed(result: dict, per_page: int = 10) -> None:
    assert result["total"] >= 0 and len(result["results"]) <= per_page
    assert {"topic", "country", "year", "city"} <= set(result["facets"])
    json.dumps(result)  # serialisable as the API returns it


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_engine_answers_every_hostile_query(engine, query):
    assert_well_formed(engine.search(SearchRequest(query=query)))


def test_engine_rejects_overlong_queries_with_the_limit_named(engine):
    with pytest.raises(BadRequest, match=f"longer than {MAX_QUERY_CHARS} characters"):
        engine.search(SearchRequest(query="x" * 10_000))


@pytest.mark.parametrize("request_", [
    SearchRequest(page=10**9), SearchRequest(page=2**62, per_page=100),
    SearchRequest(filters={"country": ["Atlantis"], "topic": ["No such topic"], "year": ["1066", "not-a-year"]}),
    SearchRequest(filters={"city": ["Barcelona"] * 300}),
    SearchRequest(filters={"country": ["<script>", "' OR 1=1 --", "\x00"]}),
    SearchRequest(year_from=2030, year_to=1990),
])
def test_engine_handles_odd_but_valid_parameters(engine, request_):
    result = engine.search(request_)
    assert_well_formed(result, request_.per_page)
    if request_.page > 1:
        assert result["results"] == []


@pytest.mark.parametrize("request_", [
    SearchRequest(page=0), SearchRequest(page=-5), SearchRequest(per_page=0), SearchRequest(per_page=10**6),
    SearchRequest(sort="'; DROP"), SearchRequest(filters={"colour": ["red"]}), SearchRequest(year_from=-1),
])
def test_engine_rejects_invalid_parameters(engine, request_):
    with pytest.raises(BadRequest):
        engine.search(request_)


@pytest.mark.parametrize("query", ["", '"unbalanced', "*x", "\u202eevil", "🙂", "<script>alert(1)</script>",
                                   "' OR 1=1; --", "-", "title:"])
def test_cli_search_answers_hostile_queries(sample_index, query):
    result = run_cli("search", "--index", sample_index, "--json", "--", query)
    assert result.exit_code == 0, result.output
    assert_well_formed(json.loads(result.stdout))


def test_cli_rejects_an_overlong_query_in_one_line(sample_index):
    result = run_cli("search", "--index", sample_index, "x" * 10_000)
    assert result.exit_code == 1
    assert result.stderr == f"Error: query longer than {MAX_QUERY_CHARS} characters\n"
    for args in (["--page", "-3"], ["--page", "0"], ["--per-page", "100000"], ["--year", "twenty"]):
        bad = run_cli("search", "--index", sample_index, *args, "roma")
        assert bad.exit_code == 2 and "Traceback" not in bad.output


@pytest.fixture(scope="module")
def client(sample_index):
    from practice_search.web.app import create_app

    app = create_app(sample_index)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a bug shows as a 500 here instead of a raised error
    return app.test_client()


@pytest.mark.parametrize("query", [q for q in HOSTILE_QUERIES if "\ud800" not in q])  # no URL can carry a surrogate
def test_http_answers_every_hostile_query(client, query):
    for path in ("/", "/api/search"):
        response = client.get(path, query_string={"q": query})
        assert response.status_code == 200, (path, query, response.status_code)
        assert b"Traceback" not in response.data


def test_http_overlong_query_is_a_400_everywhere(client):
    page = client.get("/", query_string={"q": "x" * 10_000})
    assert page.status_code == 400 and f"longer than {MAX_QUERY_CHARS} characters" in page.get_data(as_text=True)
    api = client.get("/api/search", query_string={"q": "x" * 10_000})
    assert api.status_code == 400 and f"longer than {MAX_QUERY_CHARS} characters" in api.json["error"]


@pytest.mark.parametrize("query_string", [
    "q=%ff%fe%fd", "q=%C3%28%A0", "q=%", "q=%%%", "q=%zz", "page=%ff", "country=%ff%00",
    "page=99999999999999999999999999", "page=-99999999999", "per_page=-1", "year=99999", "year=-2019",
    "&".join(["q=roma"] * 500), "&".join(f"x{n}=1" for n in range(500)), "&".join(["topic=Roma"] * 300),
    "q=" + "a" * 4000 + "&" + "b" * 4000 + "=1", "sort=" + "x" * 5000, "topic=" + "%F0%9F%99%82" * 200,
])
def test_http_odd_requests_never_500(client, query_string):
    for path in ("/", "/api/search"):
        response = client.get(f"{path}?{query_string}")
        assert response.status_code in (200, 400), (path, query_string[:60], response.status_code)
        if path.startswith("/api/") and response.status_code == 400:
            assert response.json["error"]


@pytest.mark.parametrize("practice_id", [
    "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//....//etc/passwd", "CURRENT", "build.json",
    ".lock", "..", "%00", "a%00.html", "x" * 5000, "%ff%fe", "<script>alert(1)</script>", "' OR '1'='1",
])
def test_practice_paths_never_reach_files(client, practice_id):
    for prefix in ("/practice/", "/api/practice/"):
        response = client.get(prefix + practice_id)
        assert response.status_code == 404, (prefix, practice_id, response.status_code)
        body = response.get_data(as_text=True)
        assert "root:" not in body and "generation" not in body and "<script>alert" not in body
