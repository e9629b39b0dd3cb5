"""SearchRequest is the one judge of a search's limits: the CLI and the web accept and refuse the same values."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from practice_search.cli import main
from practice_search.search.request import (
    DEFAULT_PER_PAGE,
    DEFAULT_SORT,
    DEFAULT_VERSIONS,
    BadRequest,
    SearchRequest,
)
from practice_search.web.params import SearchState

numbers = st.integers(-3, 12_000) | st.sampled_from([0, 1, 100, 101, 9999, 10_000])
maybe = st.none() | numbers


def accepted(**values) -> bool:
    try:
        SearchRequest(**values).validate()
    except BadRequest:
        return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=numbers, per_page=numbers, year_from=maybe, year_to=maybe, year=maybe)
def test_cli_and_web_agree_with_search_request(client, tmp_path, page, per_page, year_from, year_to, year):
    verdict = accepted(page=page, per_page=per_page, year_from=year_from, year_to=year_to,
                       filters={"year": [] if year is None else [str(year)]})
    args = {"page": page, "per_page": per_page, "year_from": year_from, "year_to": year_to, "year": year}
    query = "&".join(f"{k}={v}" for k, v in args.items() if v is not None)
    web = client.get(f"/api/search?{query}")
    assert (web.status_code != 400) == verdict, (query, web.json)
    cli_args = ["search", "x", "--index", str(tmp_path / "none")]
    for name, value in args.items():
        if value is not None:
            cli_args += [f"--{name.replace('_', '-')}", str(value)]
    # a request SearchRequest accepts gets as far as opening the (missing) index: status 1, not 2
    assert (CliRunner().invoke(main, cli_args).exit_code == 1) == verdict, cli_args


def test_one_set_of_defaults(client):
    state = SearchState.from_args(MultiDict())
    request = SearchRequest()
    assert (state.sort, state.per_page, state.versions) == (request.sort, request.per_page, request.versions) \
        == (DEFAULT_SORT, DEFAULT_PER_PAGE, DEFAULT_VERSIONS)
    data = client.get("/api/search").json
    assert (data["sort"], data["per_page"], data["versions"]) == (DEFAULT_SORT, DEFAULT_PER_PAGE, DEFAULT_VERSIONS)
