"""`practices`: build the index, search it, show a practice, serve the web app."""

from __future__ import annotations

import functools
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from practice_search.index.incremental import IndexUpdate, update_index
from practice_search.index.store import IndexBusy, IndexMissing, IndexStore, index_path
from practice_search.ingest.corpus import SAMPLE_CORPUS, CorpusError, IngestReport
from practice_search.search.evaluation import (
    EvaluationError,
    evaluate,
    format_report,
    read_qrels,
    read_queries,
    read_run,
    trec_lines,
)
from practice_search.search.request import RESULT_CACHE_SIZE, SORTS, BadRequest, SearchRequest
from practice_search.search.text import plain_snippet
from practice_search.web.display import also_label

if TYPE_CHECKING:
    from practice_search.search.engine import SearchEngine

EXIT_REJECTED = 3
INDEXER_NICENESS = 10


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
def main() -> None:
    """Search the Intercultural Cities good practices: index a corpus, query it, serve it."""


@main.command("index")
@click.argument("corpus", required=False, type=click.Path(path_type=Path), default=None)
@index_option
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary line.")
@click.option("--full", is_flag=True, help="Rebuild from scratch into a new generation (switched atomically).")
@click.option("--rollback", is_flag=True, help="Make the generation before the last full rebuild live again.")
@click.option("--wait", type=click.FloatRange(0, 3600), default=5.0, show_default=True,
              help="Seconds to wait for another running indexer before giving up.")
@friendly_errors
def index_command(corpus: Path | None, index_dir: Path | None, as_json: bool, quiet: bool, full: bool, rollback: bool,
                  wait: float) -> None:
    """Build or update the index from a CORPUS folder (default: the shipped sample corpus).

    Incremental by default: only practices added, changed or deleted since the last run are
    written, and only changed files are parsed again. Every file that cannot be used is listed
    with the reason; all others are indexed. Exits with status 3 when some files were rejected.
    """
    store = IndexStore(index_path(index_dir))
    try:
        if rollback:
            with store.lock(wait):
                generation = store.rollback()
            click.echo(json.dumps({"generation": generation.name}) if as_json
                       else f"Rolled back: generation {generation.name} is live in {store.root}.")
            return
        update = _run_index(store, corpus or SAMPLE_CORPUS, full, quiet or as_json, wait)
    except (CorpusError, IndexBusy, IndexMissing, OSError) as exc:
        if not as_json:
            raise  # one line on stderr (the contract); --json lists every file's fate
        _fail_as_json(store, exc)
    _report_index(store, update, as_json, quiet)
    if update.report.rejected:
        sys.exit(EXIT_REJECTED)


def _fail_as_json(store: IndexStore, exc: Exception) -> NoReturn:
    """`index --json` prints one JSON object whatever happens: here the error and every file's fate."""
    message = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ") if isinstance(exc, OSError) else str(exc)
    report = getattr(exc, "report", None) or IngestReport()
    click.echo(json.dumps({"error": message, "indexed": 0, **_files_summary(report), "index": str(store.root)},
                          ensure_ascii=False, indent=2))
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _files_summary(report: IngestReport) -> dict:
    """What happened to every file: rejected ones with the reason, listing pages, where titles came from."""
    not_from_page = [{"id": p.id, "title": p.title, "title_source": report.title_sources.get(p.id)}
                     for p in report.practices if report.title_sources.get(p.id, "page") != "page"]
    return {"files": report.files_seen,
            "rejected": [{"source": r.source, "reason": r.reason} for r in report.rejected],
            "warnings": [{"source": w.source, "reason": w.reason} for w in report.warnings],
            "listings": [{"source": x.source, "items": x.items, "joined": x.joined} for x in report.listings],
            "title_sources": report.title_counts(), "titles_not_from_page": not_from_page}


def _run_index(store: IndexStore, corpus: Path, full: bool, quiet: bool, wait: float) -> IndexUpdate:
    os.nice(INDEXER_NICENESS)  # a rebuild must never starve the web workers serving searches
    with store.lock(wait):
        return update_index(store, corpus, full=full, read_progress=None if quiet else _progress("Reading"),
                            write_progress=None if quiet else _progress("Indexing"))


def _report_index(store: IndexStore, update: IndexUpdate, as_json: bool, quiet: bool) -> None:
    report = update.report
    summary = {"generation": update.generation, "indexed": len(report.practices), **_files_summary(report),
               "index": str(store.root), **update.to_dict()}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    _print_report(report, summary, quiet)
    how = {"full": f"full rebuild ({update.reason})", "incremental": "incremental update",
           "unchanged": "no change"}[update.mode]
    click.echo(f"{how}: {len(update.added)} added, {len(update.changed)} changed, {len(update.deleted)} deleted; "
               f"{update.parsed_files} files parsed, {update.cached_files} unchanged files reused "
               f"({update.seconds} s).")
    if update.boilerplate_added or update.boilerplate_removed:
        click.echo(f"Repeated boilerplate changed ({update.boilerplate_added} blocks new, "
                   f"{update.boilerplate_removed} gone): affected practices were re-stripped and rewritten.")


def _progress(label: str):
    """A progress callback that draws a bar on a terminal and stays silent otherwise."""
    if not sys.stderr.isatty():
        return None
    state = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return update


def _print_files(report: IngestReport) -> None:
    for rejected in report.rejected:
        click.echo(f"rejected  {rejected.source}: {rejected.reason}", err=True)
    for warning in report.warnings:
        click.echo(f"warning   {warning.source}: {warning.reason}", err=True)
    for listing in report.listings:
        click.echo(f"listing   {listing.source}: a listing page of {listing.items} practices, not indexed; "
                   f"its facts went to {len(listing.joined)} detail pages", err=True)


def _print_report(report: IngestReport, summary: dict, quiet: bool) -> None:
    if not quiet:
        _print_files(report)
    listings = f", {len(report.listings)} listing pages" if report.listings else ""
    click.echo(f"Indexed {summary['indexed']} practices from {summary['files']} files; "
               f"{len(report.rejected)} rejected, {len(report.warnings)} warnings{listings} "
               f"(generation {summary['generation']} in {summary['index']}).")
    counts = report.title_counts()
    if counts["page"] != len(report.practices):
        labels = {"page": "from the page", "sidecar": "from sidecars", "listing": "from listing facts",
                  "slug": "made from the URL slug"}
        click.echo("Titles: " + ", ".join(f"{n} {labels[k]}" for k, n in counts.items() if n) + ".")


@main.command()
@click.argument("query", required=False, default="")
@click.option("--topic", multiple=True, help="Filter by topic (repeat for OR).")
@click.option("--country", multiple=True, help="Filter by country (repeat for OR).")
@click.option("--year", multiple=True, type=click.IntRange(1000, 9999), help="Filter by active year (repeat for OR).")
@click.option("--city", multiple=True, help="Filter by city (repeat for OR).")
@click.option("--language", multiple=True, help="Filter by page language code, e.g. fr.")
@click.option("--year-from", type=click.IntRange(1000, 9999), help="Active in or after this year.")
@click.option("--year-to", type=click.IntRange(1000, 9999), help="Active in or before this year.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--collapse/--no-collapse", default=True, show_default=True,
              help="One hit per practice: translations and republished copies are listed under it.")
@click.option("--batch", "batch_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run every {\"id\", \"text\"} line of a JSONL file as plain words (partial matches ranked too).")
@click.option("--top", type=click.IntRange(1, 10_000), default=1000, show_default=True, help="Results per batch query.")
@click.option("--trec", is_flag=True, help="Batch output as a TREC run: qid Q0 docid rank score tag.")
@index_option
@json_option
@friendly_errors
def search(query: str, topic, country, year, city, language, year_from, year_to, sort, page, per_page,
           collapse, batch_file, top, trec, index_dir, as_json) -> None:
    """Search practices: words (all required), "phrases", -exclude, OR, field:value, prefix*."""
    engine = open_engine(index_dir)
    if batch_file is not None:
        _run_batch(engine, batch_file, top, trec)
        return
    filters = {"topic": list(topic), "country": list(country), "year": [str(y) for y in year],
               "city": list(city), "language": list(language)}
    request = SearchRequest(query=query, filters={k: v for k, v in filters.items() if v}, sort=sort,
                            page=page, per_page=per_page, year_from=year_from, year_to=year_to,
                            collapse=collapse)
    result = engine.search(request)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print_results(result)


def _print_results(result: dict) -> None:
    if result["suggestion"]:
        click.echo(f"Did you mean: {result['suggestion']}")
    if result["relaxed"]:
        click.echo("No practice matches all the words; showing practices that match some of them.")
    shown_from = (result["page"] - 1) * result["per_page"] + 1
    if not result["results"]:
        click.echo(f"No practices found ({result['total']} in all).")
        for option in result.get("recovery", [])[:3]:
            (name, value), = option["drop"].items()
            click.echo(f"  removing {name} {value} gives {option['total']} practices")
    else:
        click.echo(f"{result['total']} practices; showing {shown_from}-{shown_from + len(result['results']) - 1} "
                   f"(page {result['page']} of {result['pages']}, {result['took_ms']} ms)\n")
    for n, hit in enumerate(result["results"], shown_from):
        place = ", ".join(hit["cities"] or hit["countries"])
        countries = ", ".join(hit["countries"]) if hit["cities"] else ""
        meta = " · ".join(x for x in (place, countries, hit["period"] or "") if x)
        click.echo(click.style(f"{n:>3}. {hit['title']}", bold=True) + f"  [{hit['id']}]")
        if meta:
            click.echo(f"     {meta}")
        if hit["topics"]:
            click.echo(f"     Topics: {'; '.join(hit['topics'])}")
        for other in hit.get("also", []):
            label = also_label(other)
            click.echo(f"     {label[:1].lower()}{label[1:]}: {other['id']}")
        snippet = plain_snippet(hit["snippet"])
        click.echo(textwrap.fill(snippet, width=100, initial_indent="     ", subsequent_indent="     "))
        click.echo()
    for name in ("topic", "country", "year"):
        top = result["facets"][name]
        if name != "year":
            top = top[:8]
        values = ", ".join(f"{v['value']} ({v['count']})" + ("*" if v["selected"] else "") for v in top)
        if values:
            click.echo(textwrap.fill(f"{name.title()}: {values}", width=100, subsequent_indent="    "))


@main.command()
@click.argument("practice_id")
@index_option
@json_option
@friendly_errors
def show(practice_id: str, index_dir, as_json) -> None:
    """Show one practice with all its fields and similar practices."""
    engine = open_engine(index_dir)
    practice = engine.get(practice_id)
    if practice is None:
        raise click.ClickException(f"no practice with id {practice_id!r}")
    record = practice.to_dict()
    record["similar"] = engine.similar(practice_id)
    record["also"] = engine.also(practice_id)
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    click.echo(click.style(practice.title, bold=True))
    facts = [("Id", practice.id), ("Cities", ", ".join(practice.cities)), ("Countries", ", ".join(practice.countries)),
             ("Period", practice.period or ""), ("Years", _year_span(practice.years)),
             ("Topics", "; ".join(practice.topics)), ("Suggested topics", "; ".join(practice.topics_inferred)),
             ("Language", practice.language or ""), ("URL", practice.url or ""), ("Source", practice.source or "")]
    for label, value in facts:
        if value:
            click.echo(f"{label + ':':<18}{value}")
    for section in practice.sections:
        click.echo()
        if section.heading:
            click.echo(click.style(section.heading, underline=True))
        for paragraph in section.text.split("\n\n"):
            click.echo(textwrap.fill(paragraph, width=100) if not paragraph.startswith(("- ", "|")) else paragraph)
    if record["similar"]:
        click.echo("\nSimilar practices:")
        for other in record["similar"]:
            click.echo(f"  - {other['title']} ({', '.join(other['cities'] or other['countries'])}) [{other['id']}]")


def _year_span(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


@main.command()
@index_option
@json_option
@friendly_errors
def stats(index_dir, as_json) -> None:
    """Counts per facet, index generation and build time."""
    data = open_engine(index_dir).stats()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    build = data["build"]
    click.echo(f"{data['documents']} practices in generation {data['generation']} "
               f"(built {build.get('built_at', '?')} in {build.get('build_seconds', '?')} s "
               f"from {build.get('corpus', '?')})")
    for name, counts in data["facets"].items():
        ordered = sorted(counts.items(), key=lambda kv: (kv[0] if name == "year" else -kv[1], kv[0]))
        click.echo(f"\n{name.title()} ({len(counts)} values)")
        for value, count in ordered:
            click.echo(f"  {count:>5}  {value}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPU count).")
@click.option("--dev", is_flag=True, help="Flask's development server with auto-reload (never in production).")
@click.option("--cache-size", type=click.IntRange(0, 100_000), default=RESULT_CACHE_SIZE, show_default=True,
              help="Search answers kept per worker for the live index generation (0: none).")
@index_option
@friendly_errors
def serve(host, port, workers, dev, cache_size, index_dir) -> None:
    """Serve the web app (gunicorn; one searcher per worker process)."""
    from practice_search.web.server import run

    root = index_path(index_dir)
    IndexStore(root).current()
    os.environ["PRACTICES_INDEX"] = str(root.resolve())
    os.environ["PRACTICES_CACHE_SIZE"] = str(cache_size)
    run(host=host, port=port, workers=workers or os.cpu_count() or 1, dev=dev)


def _run_batch(engine: SearchEngine, batch_file: Path, top: int, trec: bool, tag: str = "practices") -> None:
    for query in _read_queries(batch_file):
        ranked = engine.rank(query.text, top)
        if trec:
            for line in trec_lines(query.id, ranked, tag):
                click.echo(line)
        else:
            click.echo(json.dumps({"id": query.id, "results": [{"id": d, "score": s} for d, s in ranked]},
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
@index_option
@json_option
@friendly_errors
def eval_command(queries: Path, qrels: Path, mode: str, run_file: Path | None, top: int, index_dir, as_json) -> None:
    """Score the engine on judged QUERIES (JSONL) and QRELS (TSV): nDCG@10, MRR, P@5, P@10, MAP."""
    judged = _read_queries(queries)
    try:
        judgments = read_qrels(qrels)
        if run_file is not None:
            run = read_run(run_file.read_text(encoding="utf-8").splitlines())
            spelling = None
        else:
            engine = open_engine(index_dir)
            run, spelling = _judged_run(engine, judged, mode, top)
        report = evaluate(judged, judgments, run)
    except EvaluationError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "spelling": spelling}, ensure_ascii=False, indent=2))
        return
    click.echo(format_report(report))
    if spelling and spelling["queries"]:
        click.echo(f"\nspelling suggestions: {spelling['correct']} of {spelling['queries']} misspelled queries "
                   f"suggest the intended query; {spelling['found']} find a relevant practice on page 1")


def _judged_run(engine: SearchEngine, queries: list, mode: str, top: int) -> tuple[dict, dict]:
    """The ranked ids per query, and how the 'Did you mean' suggestion fares on misspelled queries."""
    run, spelling = {}, {"queries": 0, "correct": 0, "found": 0}
    for query in queries:
        if mode == "batch":
            run[query.id] = engine.rank(query.text, top)
            continue
        result = engine.search(SearchRequest(query=query.text, per_page=min(top, 100), collapse=True))
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
    """
    summary = _crawl(start_url, out, delay, contact, retries, backoff, timeout, quiet or as_json)
    if as_json:
        click.echo(json.dumps({"out": str(out), **summary.to_dict()}, ensure_ascii=False, indent=2))
    else:
        _print_crawl(summary, out, quiet)
    if summary.failed:
        sys.exit(EXIT_CRAWL_FAILURES)


def _crawl(start_url: str, out: Path, delay, contact, retries, backoff, timeout, quiet: bool):
    from practice_search.ingest.crawl import CrawlError, CrawlOptions, crawl

    if not contact and not quiet:
        click.echo("note: no --contact given; please name one so the site can reach you", err=True)
    options = CrawlOptions(delay=delay, retries=retries, backoff=backoff, timeout=timeout,
                           **({"contact": contact} if contact else {}))
    log = None if quiet else (lambda message: click.echo(message, err=True))
    try:
        return crawl(start_url, out, options, progress=None if quiet else _progress("Crawling"), log=log)
    except CrawlError as exc:
        raise click.ClickException(str(exc)) from None


def _print_crawl(summary, out: Path, quiet: bool) -> None:
    if not quiet:
        for failure in summary.failed:
            click.echo(f"failed    {failure['url']}: {failure['reason']}", err=True)
        for skipped in summary.skipped:
            click.echo(f"skipped   {skipped['url']}: {skipped['reason']}", err=True)
    click.echo(f"Crawled {summary.listing_pages} listing pages into {out}: {len(summary.new)} new, "
               f"{len(summary.changed)} changed, {len(summary.unchanged)} unchanged, "
               f"{len(summary.failed)} failed, {len(summary.skipped)} skipped"
               + (f", {len(summary.resumed)} already done before an interruption" if summary.resumed else "") + ".")


@main.command("parse-listing")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--base-url", default="", help="URL the page was saved from, to resolve relative links.")
@json_option
@friendly_errors
def parse_listing_command(file: Path, base_url: str, as_json: bool) -> None:
    """Read a saved listing page (HTML, or text for .txt): each practice's title, places, period, teaser and link."""
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
        click.echo(json.dumps({"items": [i.to_dict() for i in page.items], "next_pages": page.next_pages},
                              ensure_ascii=False, indent=2))
        return
    for item in page.items:
        place = " · ".join(x for x in (", ".join(item.cities), ", ".join(item.countries), item.period or "") if x)
        click.echo(click.style(item.title, bold=True) + f"  [{item.slug}]")
        if place:
            click.echo(f"     {place}")
        if item.url:
            click.echo(f"     {item.url}")
    click.echo(f"{len(page.items)} practices; {len(page.next_pages)} links to further listing pages.")


@main.command("update")
@click.argument("start_url")
@crawl_out_option
@crawl_options
@index_option
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary lines.")
@friendly_errors
def update_command(start_url: str, out: Path, delay, contact, retries, backoff, timeout, index_dir, as_json,
                   quiet) -> None:
    """Crawl START_URL into --out, then update the index incrementally (for a nightly cron job).

    Exits with status 4 when some pages failed to download (the rest is still indexed).
    """
    summary = _crawl(start_url, out, delay, contact, retries, backoff, timeout, quiet or as_json)
    store = IndexStore(index_path(index_dir))
    update = _run_index(store, out, full=False, quiet=quiet or as_json, wait=60.0)
    if as_json:
        click.echo(json.dumps({"crawl": summary.to_dict(), "index": update.to_dict()}, ensure_ascii=False, indent=2))
    else:
        _print_crawl(summary, out, quiet)
        _report_index(store, update, False, quiet)
    if summary.failed:
        sys.exit(EXIT_CRAWL_FAILURES)


@main.command()
@click.option("--n", "count", type=click.IntRange(min=1), required=True, help="Number of practices to write.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same corpus.")
@friendly_errors
def synth(count: int, out: Path, seed: int) -> None:
    """Write a deterministic scale corpus recombined from the sample corpus (for benchmarks)."""
    from practice_search.ingest.synth import synthesise

    report = synthesise(count, out, seed=seed)
    click.echo(f"Wrote {report.practices} practices in {report.files} files to {report.out}.")


if __name__ == "__main__":
    main()
