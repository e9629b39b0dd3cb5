"""`practices`: build the index, search it, show a practice, serve the web app."""

from __future__ import annotations

import errno
import functools
import json
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from practice_search import render
from practice_search.console import echo, plural
from practice_search.index.incremental import IndexUpdate, update_index
from practice_search.index.store import IndexBusy, IndexMissing, IndexStore, index_path
from practice_search.ingest.corpus import SAMPLE_CORPUS, CorpusError, is_sample_corpus
from practice_search.ingest.progress import Progress
from practice_search.progress import reporter
from practice_search.search.evaluation import (
    EvaluationError,
    evaluate,
    format_comparison,
    format_report,
    read_qrels,
    read_queries,
    read_run,
    trec_lines,
)
from practice_search.search.request import (
    DEFAULT_PER_PAGE,
    DEFAULT_SORT,
    DEFAULT_VERSIONS,
    MATCH_MODES,
    MAX_PER_PAGE,
    RESULT_CACHE_SIZE,
    SORTS,
    VERSIONS,
    BadRequest,
    SearchRequest,
    versions_of_collapse,
)

if TYPE_CHECKING:
    from practice_search.search.engine import SearchEngine

EXIT_REJECTED = 3
INDEXER_NICENESS = 10
BACKGROUND_COMMANDS = {"index", "update", "synth"}  # run at a lower priority than the web workers
_priority_lowered = False


def open_engine(index_dir: str | None) -> SearchEngine:
    """The engine, imported on first use: `practices index` never needs numpy or the search layer."""
    from practice_search.search.engine import SearchEngine

    return SearchEngine(index_path(index_dir))


def friendly_errors(command):
    """Expected failures become one line on stderr and a non-zero exit, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (IndexMissing, CorpusError, IndexBusy, BadRequest) as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            # The reader (e.g. `head`) has gone; that is fine. Point stdout at devnull so the
            # interpreter's final flush does not fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return None
        except OSError as exc:
            raise click.ClickException(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None

    return wrapper


index_option = click.option(
    "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Index folder (default: $PRACTICES_INDEX, else instance/index).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="practice-search")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Search the Intercultural Cities good practices: index a corpus, query it, serve it.

    \b
    Example:
        practices index                      # the shipped sample corpus
        practices search "anti rumour" --country Spain
        practices serve
    """
    if ctx.invoked_subcommand in BACKGROUND_COMMANDS:
        lower_priority()


def lower_priority() -> None:
    """A rebuild must never starve the web workers serving searches: once per process, whatever runs."""
    global _priority_lowered
    if not _priority_lowered:
        os.nice(INDEXER_NICENESS)
        _priority_lowered = True


@main.command("index")
@click.argument("corpus", required=False, type=click.Path(path_type=Path), default=None)
@index_option
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary line.")
@click.option("--full", is_flag=True, help="Rebuild from scratch into a new generation (switched atomically).")
@click.option("--rollback", is_flag=True, help="Make the generation before the last full rebuild live again.")
@click.option("--wait", type=click.FloatRange(0, 3600), default=5.0, show_default=True,
              help="Seconds to wait for another running indexer before giving up.")
@click.option("--replace", is_flag=True, help="Let a folder of real pages replace an index of the sample corpus.")
@friendly_errors
def index_command(corpus: Path | None, index_dir: Path | None, as_json: bool, quiet: bool, full: bool, rollback: bool,
                  wait: float, replace: bool) -> None:
    """Build or update the index from a CORPUS folder (default: the shipped sample corpus).

    Incremental by default: only practices added, changed or deleted since the last run are
    written, and only changed files are parsed again. Every file that cannot be used is listed
    with the reason; all others are indexed. Exits with status 3 when some files were rejected.
    Progress goes to stderr: a live line on a terminal, a line every few seconds otherwise.

    \b
    Example:
        practices index                                   # the sample corpus into instance/index
        practices index instance/crawl --index instance/live
        practices index --full                            # rebuild into a new generation
    """
    store = IndexStore(index_path(index_dir))
    try:
        if rollback:
            with store.lock(wait):
                generation = store.rollback()
            echo(json.dumps({"generation": generation.name}) if as_json
                 else f"Rolled back: generation {generation.name} is live in {store.root}.")
            return
        update = _run_index(store, corpus or SAMPLE_CORPUS, full, reporter("index", quiet or as_json), wait, replace)
    except (CorpusError, IndexBusy, IndexMissing, OSError, click.ClickException) as exc:
        if not as_json:
            raise  # one line on stderr (the contract); --json lists every file's fate
        render.index_failure(store, exc)
        sys.exit(1)
    render.index_update(store, update, as_json, quiet)
    if update.report.rejected:
        sys.exit(EXIT_REJECTED)


def _run_index(store: IndexStore, corpus: Path, full: bool, progress: Progress, wait: float,
               replace: bool) -> IndexUpdate:
    _keep_sample_unless_asked(store, corpus, replace)
    try:
        with store.lock(wait):
            return update_index(store, corpus, full=full, progress=progress)
    finally:
        progress.finish()


def _keep_sample_unless_asked(store: IndexStore, corpus: Path, replace: bool) -> None:
    """Real pages do not silently replace the sample practices someone may be demonstrating."""
    try:
        info = store.current().info()
    except IndexMissing:
        return
    if replace or info.get("sample") is not True or is_sample_corpus(corpus):
        return
    raise click.ClickException(
        f"{store.root} holds the illustrative sample corpus ({plural(info.get('documents', 0), 'practice')}); "
        f"indexing {corpus} there would replace them. Choose another index with --index DIR, "
        f"or pass --replace to replace them.")


@main.command()
@click.argument("query", required=False, default="")
@click.option("--topic", multiple=True, help="Filter by topic (repeat for OR).")
@click.option("--country", multiple=True, help="Filter by country (repeat for OR).")
@click.option("--year", multiple=True, type=int, help="Filter by active year (repeat for OR).")
@click.option("--city", multiple=True, help="Filter by city (repeat for OR).")
@click.option("--language", multiple=True, help="Filter by page language code, e.g. fr.")
@click.option("--year-from", type=int, help="Active in or after this year.")
@click.option("--year-to", type=int, help="Active in or before this year.")
@click.option("--sort", type=click.Choice(SORTS), default=DEFAULT_SORT, show_default=True)
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--per-page", type=int, default=DEFAULT_PER_PAGE, show_default=True, help=f"1 to {MAX_PER_PAGE}.")
@click.option("--match", "match_mode", type=click.Choice(MATCH_MODES), default="most", show_default=True,
              help="most: practices with most of the words, those with all of them first; all: every word required.")
@click.option("--as-typed", is_flag=True, help="Search the words exactly as typed (no spelling correction).")
@click.option("--versions", type=click.Choice(VERSIONS), default=DEFAULT_VERSIONS, show_default=True,
              help="Translations and republished copies of one practice: group (right after the best one), "
                   "fold (only in its 'also' list) or all (each page ranked on its own).")
@click.option("--collapse/--no-collapse", default=None, hidden=True,
              help="Older name: --collapse is --versions fold, --no-collapse --versions all.")
@click.option("--batch", "batch_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run every {\"id\", \"text\"} line of a JSONL file as plain words (partial matches ranked too).")
@click.option("--top", type=click.IntRange(1, 10_000), default=1000, show_default=True, help="Results per batch query.")
@click.option("--trec", is_flag=True, help="Batch output as a TREC run: qid Q0 docid rank score tag.")
@index_option
@json_option
@friendly_errors
def search(query: str, topic, country, year, city, language, year_from, year_to, sort, page, per_page,
           match_mode, as_typed, versions, collapse, batch_file, top, trec, index_dir, as_json) -> None:
    """Search practices: words (most of them, all first), "phrases", -exclude, OR, field:value, prefix*.

    \b
    Example:
        practices search 'roma "school mediators" -Bucharest' --topic Education --year 2019
        practices search "intercultural mediators in hospitals" --match all
        practices search "anti rumour" --country Spain --country Portugal --json
        practices search --batch queries.jsonl --top 1000 --trec > run.trec
    """
    if batch_file is not None:
        _run_batch(open_engine(index_dir), batch_file, top, trec)
        return
    filters = {"topic": list(topic), "country": list(country), "year": [str(y) for y in year],
               "city": list(city), "language": list(language)}
    request = _checked(SearchRequest(query=query, filters=filters, sort=sort, page=page, per_page=per_page,
                                     year_from=year_from, year_to=year_to,
                                     versions=versions if collapse is None else versions_of_collapse(collapse),
                                     match=match_mode,
                                     correct=not as_typed))
    result = open_engine(index_dir).search(request)
    if as_json:
        echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    render.search_results(result)


def _checked(request: SearchRequest) -> SearchRequest:
    """SearchRequest's verdict on the options, as a usage error that names the option."""
    try:
        return request.validate()
    except BadRequest as exc:
        hint = f"--{exc.parameter.replace('_', '-')}" if exc.parameter else None
        raise click.BadParameter(str(exc), param_hint=hint) from None


@main.command()
@click.argument("practice_id")
@index_option
@json_option
@friendly_errors
def show(practice_id: str, index_dir, as_json) -> None:
    """Show one practice with all its fields and similar practices.

    \b
    Example:
        practices show barcelona-anti-rumour-strategy
        practices show barcelona-anti-rumour-strategy --json
    """
    engine = open_engine(index_dir)
    practice = engine.get(practice_id)
    if practice is None:
        raise click.ClickException(f"no practice with id {practice_id!r}")
    record = practice.to_dict()
    record["similar"] = engine.similar(practice_id)
    record["also"] = engine.also(practice_id)
    if as_json:
        echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    render.practice(practice, record["similar"])


@main.command()
@click.option("--all", "show_all", is_flag=True, help=f"Every value, not the top {render.STATS_TOP} of long facets.")
@index_option
@json_option
@friendly_errors
def stats(show_all: bool, index_dir, as_json) -> None:
    """Counts per facet, index generation and build time.

    \b
    Example:
        practices stats
        practices stats --all --json
    """
    data = open_engine(index_dir).stats()
    if as_json:
        echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    render.stats(data, show_all)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
@click.option("--dev", is_flag=True, help="Flask's development server with auto-reload (never in production).")
@click.option("--cache-size", type=click.IntRange(0, 100_000), default=RESULT_CACHE_SIZE, show_default=True,
              help="Search answers kept per worker for the live index generation (0: none).")
@click.option("--base-url", envvar="PRACTICES_BASE_URL", default=None, metavar="URL",
              help="Public address of the site (e.g. https://practices.example.org), used for every absolute "
                   "link; its host is trusted. Default: $PRACTICES_BASE_URL.")
@click.option("--trusted-host", "trusted_hosts", multiple=True, metavar="NAME",
              help="Host name the site answers for (repeat; .example.org for subdomains, * for any). Others get a "
                   "400. Default: $PRACTICES_TRUSTED_HOSTS, else loopback names and the --host address.")
@click.option("--worker-class", "worker", type=click.Choice(["gevent", "gthread", "sync"]), default="gevent",
              show_default=True, help="Gunicorn worker type; gevent holds slow clients without blocking searches.")
@click.option("--threads", type=click.IntRange(1, 256), default=8, show_default=True,
              help="Threads per worker (gthread only).")
@index_option
@friendly_errors
def serve(host, port, workers, dev, cache_size, base_url, trusted_hosts, worker, threads, index_dir) -> None:
    """Serve the web app (gunicorn; one searcher per worker process).

    \b
    Example:
        practices serve                              # http://127.0.0.1:8000
        practices serve --host 0.0.0.0 --port 9000 --workers 4 --index instance/live
        practices serve --base-url https://practices.example.org --trusted-host practices.example.org
    """
    from practice_search.web.app import split_hosts
    from practice_search.web.hosts import BadBaseUrl, HostPolicy
    from practice_search.web.server import run

    root = index_path(index_dir).resolve()
    IndexStore(root).current()
    hosts = list(trusted_hosts) or split_hosts(os.environ.get("PRACTICES_TRUSTED_HOSTS", ""))
    try:
        policy = HostPolicy.make(base_url, hosts, bind_host=host)
    except BadBaseUrl as exc:
        raise click.BadParameter(str(exc), param_hint="--base-url") from None
    _refuse_busy_port(host, port)
    run(host=host, port=port, workers=workers or os.cpu_count() or 1, dev=dev, worker=worker, threads=threads,
        index_dir=root, cache_size=cache_size, base_url=policy.base_url, trusted_hosts=list(policy.trusted))


def _refuse_busy_port(host: str, port: int) -> None:
    """One clear line instead of the server's dozen when the address is taken."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {host}: {exc.strerror or exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            hint = " (another server is there? choose one with --port)" if exc.errno == errno.EADDRINUSE else ""
            raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc}{hint}") from None


def _run_batch(engine: SearchEngine, batch_file: Path, top: int, trec: bool, tag: str = "practices") -> None:
    for query in _read_queries(batch_file):
        ranked = engine.rank(query.text, top)
        if trec:
            for line in trec_lines(query.id, ranked, tag):
                echo(line)
        else:
            echo(json.dumps({"id": query.id, "results": [{"id": d, "score": s} for d, s in ranked]},
                            ensure_ascii=False))


def _read_queries(path: Path) -> list:
    try:
        return read_queries(path)
    except EvaluationError as exc:
        raise click.ClickException(str(exc)) from None


@main.command("eval")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("qrels", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice(["search", "batch"]), default="search", show_default=True,
              help="search: the first page a user sees; batch: plain words, partial matches ranked too.")
@click.option("--run", "run_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score this TREC run file instead of querying the index.")
@click.option("--top", type=click.IntRange(1, 10_000), default=100, show_default=True, help="Results per query.")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also rank the same practices with stock Whoosh BM25 (title+body, any word) and show it beside.")
@index_option
@json_option
@friendly_errors
def eval_command(queries: Path, qrels: Path, mode: str, run_file: Path | None, top: int, baseline: bool,
                 index_dir, as_json) -> None:
    """Score the engine on judged QUERIES (JSONL) and QRELS (TSV), beside the stock BM25 baseline.

    Measures: nDCG@10, P@5, R@20, MRR (and P@10, MAP in --json), overall and per query category.

    
    Example:
        practices eval tests/relevance/data/queries.jsonl tests/relevance/data/qrels.tsv --index instance/index
        practices eval queries.jsonl qrels.tsv --run run.trec     # score any TREC run
    """
    judged = _read_queries(queries)
    base_report = None
    try:
        judgments = read_qrels(qrels)
        if run_file is not None:
            run = read_run(run_file.read_text(encoding="utf-8").splitlines())
            spelling = None
        else:
            engine = open_engine(index_dir)
            run, spelling = _judged_run(engine, judged, mode, top)
            if baseline:
                base_report = evaluate(judged, judgments, _baseline_run(engine, judged, top))
        report = evaluate(judged, judgments, run)
    except EvaluationError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        extra = {"baseline": base_report.to_dict()} if base_report else {}
        click.echo(json.dumps({**report.to_dict(), "spelling": spelling, **extra}, ensure_ascii=False, indent=2))
        return
    click.echo(format_comparison(report, base_report) if base_report else format_report(report))
    if spelling and spelling["queries"]:
        click.echo(f"\nspelling suggestions: {spelling['correct']} of {spelling['queries']} misspelled queries "
                   f"suggest the intended query; {spelling['found']} find a relevant practice on page 1")


def _baseline_run(engine: SearchEngine, queries: list, top: int) -> dict:
    from practice_search.search.baseline import StockBM25

    stock = StockBM25(engine.practices())
    try:
        return {query.id: stock.rank(query.text, top) for query in queries}
    finally:
        stock.close()


def _judged_run(engine: SearchEngine, queries: list, mode: str, top: int) -> tuple[dict, dict]:
    """The ranked ids per query, and how the 'Did you mean' suggestion fares on misspelled queries."""
    run, spelling = {}, {"queries": 0, "correct": 0, "found": 0}
    for query in queries:
        if mode == "batch":
            run[query.id] = engine.rank(query.text, top)
            continue
        result = engine.search(SearchRequest(query=query.text, per_page=min(top, 100)))
        ids = [hit["id"] for hit in result["results"]]
        run[query.id] = [(d, float(len(ids) - n)) for n, d in enumerate(ids)]
        if query.intended:
            spelling["queries"] += 1
            spelling["correct"] += (result["suggestion"] or "").casefold() == query.intended.casefold()
            spelling["found"] += bool(ids)
    return run, spelling


EXIT_CRAWL_FAILURES = 4
crawl_out_option = click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("instance") / "crawl", show_default=True,
    help="Folder for <slug>.html and <slug>.meta.json (a corpus folder for `practices index`).",
)


def crawl_options(command):
    """Politeness and robustness settings shared by `crawl` and `update`."""
    options = [
        click.option("--delay", type=click.FloatRange(0, 60), default=1.0, show_default=True,
                     help="Seconds between requests."),
        click.option("--contact", envvar="PRACTICES_CRAWL_CONTACT", default=None,
                     help="E-mail or URL put in the User-Agent so site owners can reach you "
                          "(default: $PRACTICES_CRAWL_CONTACT)."),
        click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
                     help="Retries after a timeout, 429 or 5xx."),
        click.option("--backoff", type=click.FloatRange(0, 60), default=1.0, show_default=True,
                     help="First retry wait in seconds; doubles each time (Retry-After wins)."),
        click.option("--timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True,
                     help="Seconds before a request times out."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command("crawl")
@click.argument("start_url")
@crawl_out_option
@crawl_options
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary line.")
@friendly_errors
def crawl_command(start_url: str, out: Path, delay, contact, retries, backoff, timeout, as_json, quiet) -> None:
    """Download the practices listed from START_URL (e.g. the ICC good-practice listing) into --out.

    Follows the listing's pages and each "Read More" link on the same host, obeys robots.txt,
    and on a re-crawl asks only for pages that changed. Exits with status 4 when some pages failed.

    \b
    Example:
        practices crawl https://www.coe.int/en/web/interculturalcities/good-practice \\
            --out instance/crawl --contact you@example.org
    """
    summary = _crawl(start_url, out, delay, contact, retries, backoff, timeout, quiet or as_json)
    if as_json:
        echo(json.dumps({"out": str(out), **summary.to_dict()}, ensure_ascii=False, indent=2))
    else:
        render.crawl_summary(summary, out, quiet)
    if summary.failed:
        sys.exit(EXIT_CRAWL_FAILURES)


def _crawl(start_url: str, out: Path, delay, contact, retries, backoff, timeout, quiet: bool):
    from practice_search.ingest.crawl import CrawlError, CrawlOptions, crawl

    if not contact and not quiet:
        echo("note: no --contact given; please name one so the site can reach you", err=True)
    options = CrawlOptions(delay=delay, retries=retries, backoff=backoff, timeout=timeout,
                           **({"contact": contact} if contact else {}))
    log = None if quiet else (lambda message: echo(message, err=True))
    progress = reporter("crawl", quiet)
    try:
        return crawl(start_url, out, options, progress=progress, log=log)
    except CrawlError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        progress.finish()


@main.command("parse-listing")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--base-url", default="", help="URL the page was saved from, to resolve relative links.")
@json_option
@friendly_errors
def parse_listing_command(file: Path, base_url: str, as_json: bool) -> None:
    """Read a saved listing page (HTML, or text for .txt): each practice's title, places, period, teaser, link.

    \b
    Example:
        practices parse-listing saved-listing.html --json
        practices parse-listing saved-listing.txt
        practices parse-listing page.html --base-url https://www.coe.int/en/web/interculturalcities/good-practice
    """
    from practice_search.ingest.listing import ListingPage, parse_listing, text_listing_items

    try:
        if file.suffix.lower() in (".txt", ".text"):
            page = ListingPage(text_listing_items(file.read_text(encoding="utf-8", errors="replace")) or [], [])
        else:
            page = parse_listing(file.read_bytes(), base_url)
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - a page the parser cannot read is one line of error, never a traceback
        reason = f"{type(exc).__name__}: {exc}"
        raise click.ClickException(f"{file} could not be read as a listing page ({reason})") from None
    if as_json:
        echo(json.dumps({"items": [i.to_dict() for i in page.items], "next_pages": page.next_pages},
                        ensure_ascii=False, indent=2))
        return
    render.listing(page)


@main.command("update")
@click.argument("start_url")
@crawl_out_option
@crawl_options
@index_option
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary lines.")
@click.option("--replace", is_flag=True, help="Let the crawled pages replace an index of the sample corpus.")
@friendly_errors
def update_command(start_url: str, out: Path, delay, contact, retries, backoff, timeout, index_dir, as_json,
                   quiet, replace) -> None:
    """Crawl START_URL into --out, then update the index incrementally (for a nightly cron job).

    Exits with status 4 when some pages failed to download (the rest is still indexed). An index
    that holds the sample corpus is left alone unless --replace is given.

    \b
    Example:
        practices update https://www.coe.int/en/web/interculturalcities/good-practice \\
            --out instance/crawl --index instance/live --contact you@example.org --quiet
    """
    store = IndexStore(index_path(index_dir))
    _keep_sample_unless_asked(store, out, replace)  # before the crawl, not after an hour of it
    summary = _crawl(start_url, out, delay, contact, retries, backoff, timeout, quiet or as_json)
    update = _run_index(store, out, False, reporter("index", quiet or as_json), 60.0, replace)
    if as_json:
        echo(json.dumps({"crawl": summary.to_dict(), "index": update.to_dict()}, ensure_ascii=False, indent=2))
    else:
        render.crawl_summary(summary, out, quiet)
        render.index_update(store, update, False, quiet)
    if summary.failed:
        sys.exit(EXIT_CRAWL_FAILURES)


@main.command()
@click.option("--n", "count", type=click.IntRange(min=1), required=True, help="Number of practices to write.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same corpus.")
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary line.")
@friendly_errors
def synth(count: int, out: Path, seed: int, quiet: bool) -> None:
    """Write a deterministic scale corpus recombined from the sample corpus (for benchmarks).

    \b
    Example:
        practices synth --n 10000 --out instance/synth-10k
        practices index instance/synth-10k --index instance/synth-ix
    """
    from practice_search.ingest.synth import synthesise

    progress = reporter("synth", quiet)
    try:
        report = synthesise(count, out, seed=seed, progress=progress)
    finally:
        progress.finish()
    echo(f"Wrote {plural(report.practices, 'practice')} in {plural(report.files, 'file')} to {report.out}.")


if __name__ == "__main__":
    main()
