"""`practices`: build the index, search it, show a practice, serve the web app."""

from __future__ import annotations

import functools
import json
import os
import socket
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from practice_search.console import echo, plural, snippet, style, width, wrap
from practice_search.index.incremental import IndexUpdate, update_index
from practice_search.index.store import IndexBusy, IndexMissing, IndexStore, index_path
from practice_search.ingest.corpus import SAMPLE_CORPUS, CorpusError, IngestReport, is_sample_corpus
from practice_search.ingest.progress import Progress
from practice_search.progress import reporter
from practice_search.search.evaluation import (
    EvaluationError,
    evaluate,
    format_report,
    read_qrels,
    read_queries,
    read_run,
    trec_lines,
)
from practice_search.search.request import (
    DEFAULT_COLLAPSE,
    DEFAULT_PER_PAGE,
    DEFAULT_SORT,
    MAX_PER_PAGE,
    RESULT_CACHE_SIZE,
    SORTS,
    BadRequest,
    SearchRequest,
)
from practice_search.web.display import also_label

if TYPE_CHECKING:
    from practice_search.search.engine import SearchEngine

EXIT_REJECTED = 3
INDEXER_NICENESS = 10
BACKGROUND_COMMANDS = {"index", "update", "synth"}  # run at a lower priority than the web workers
STATS_TOP = 10  # values shown per long facet by `stats` (`--all` shows every one)
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
    if rollback:
        with store.lock(wait):
            generation = store.rollback()
        echo(json.dumps({"generation": generation.name}) if as_json
             else f"Rolled back: generation {generation.name} is live in {store.root}.")
        return
    update = _run_index(store, corpus or SAMPLE_CORPUS, full, reporter("index", quiet or as_json), wait, replace)
    _report_index(store, update, as_json, quiet)
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


def _report_index(store: IndexStore, update: IndexUpdate, as_json: bool, quiet: bool) -> None:
    report = update.report
    summary = {"generation": update.generation, "indexed": len(report.practices), "files": report.files_seen,
               "rejected": [{"source": r.source, "reason": r.reason} for r in report.rejected],
               "warnings": [{"source": w.source, "reason": w.reason} for w in report.warnings],
               "index": str(store.root), **update.to_dict()}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    _print_report(report, summary, quiet)
    how = {"full": f"full rebuild ({update.reason})", "incremental": "incremental update",
           "unchanged": "no change"}[update.mode]
    echo(f"{how}: {len(update.added)} added, {len(update.changed)} changed, {len(update.deleted)} deleted; "
         f"{plural(update.parsed_files, 'file')} parsed, {plural(update.cached_files, 'unchanged file')} reused "
         f"({update.seconds} s).")
    if update.boilerplate_added or update.boilerplate_removed:
        echo(f"Repeated boilerplate changed ({update.boilerplate_added} new, {update.boilerplate_removed} gone "
             f"of the blocks): affected practices were re-stripped and rewritten.")


def _print_report(report: IngestReport, summary: dict, quiet: bool) -> None:
    if not quiet:
        for rejected in report.rejected:
            echo(f"rejected  {rejected.source}: {rejected.reason}", err=True)
        for warning in report.warnings:
            echo(f"warning   {warning.source}: {warning.reason}", err=True)
    echo(f"Indexed {plural(summary['indexed'], 'practice')} from {plural(summary['files'], 'file')}; "
         f"{len(report.rejected)} rejected, {plural(len(report.warnings), 'warning')} "
         f"(generation {summary['generation']} in {summary['index']}).")


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
@click.option("--collapse/--no-collapse", default=DEFAULT_COLLAPSE, show_default=True,
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
    """Search practices: words (most of them, all first), "phrases", -exclude, OR, field:value, prefix*.

    \b
    Example:
        practices search 'roma "school mediators" -Bucharest' --topic Education --year 2019
        practices search "anti rumour" --country Spain --country Portugal --json
        practices search --batch queries.jsonl --top 1000 --trec > run.trec
    """
    if batch_file is not None:
        _run_batch(open_engine(index_dir), batch_file, top, trec)
        return
    filters = {"topic": list(topic), "country": list(country), "year": [str(y) for y in year],
               "city": list(city), "language": list(language)}
    request = _checked(SearchRequest(query=query, filters=filters, sort=sort, page=page, per_page=per_page,
                                     year_from=year_from, year_to=year_to, collapse=collapse))
    result = open_engine(index_dir).search(request)
    if as_json:
        echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print_results(result)


def _checked(request: SearchRequest) -> SearchRequest:
    """SearchRequest's verdict on the options, as a usage error that names the option."""
    try:
        return request.validate()
    except BadRequest as exc:
        hint = f"--{exc.parameter.replace('_', '-')}" if exc.parameter else None
        raise click.BadParameter(str(exc), param_hint=hint) from None


def _print_results(result: dict) -> None:
    if result["suggestion"]:
        echo(f"Did you mean: {result['suggestion']}")
    if result["relaxed"]:
        echo("No practice matches all the words; showing practices that match some of them.")
    shown_from = (result["page"] - 1) * result["per_page"] + 1
    if not result["results"]:
        echo(f"No practices found ({result['total']:,} in all).")
        for option in result.get("recovery", [])[:3]:
            (name, value), = option["drop"].items()
            echo(f"  removing {name} {value} gives {plural(option['total'], 'practice')}")
    else:
        echo(f"{plural(result['total'], 'practice')}; showing {shown_from}-{shown_from + len(result['results']) - 1} "
             f"(page {result['page']} of {result['pages']}, {result['took_ms']} ms)\n")
    for n, hit in enumerate(result["results"], shown_from):
        _print_hit(n, hit)
    for name in ("topic", "country", "year"):
        top = result["facets"][name]
        if name != "year":
            top = top[:8]
        values = ", ".join(f"{v['value']} ({v['count']})" + ("*" if v["selected"] else "") for v in top)
        if values:
            echo(textwrap.fill(f"{name.title()}: {values}", width=width(), subsequent_indent="    "))


def _print_hit(n: int, hit: dict) -> None:
    place = ", ".join(hit["cities"] or hit["countries"])
    countries = ", ".join(hit["countries"]) if hit["cities"] else ""
    meta = " · ".join(x for x in (place, countries, hit["period"] or "") if x)
    title = textwrap.wrap(f"{n:>3}. {hit['title']}", width=width(), subsequent_indent="     ")
    echo("\n".join(style(line, bold=True) for line in title) + f"  [{hit['id']}]")
    if meta:
        echo(wrap(meta, "     "))
    if hit["topics"]:
        echo(wrap(f"Topics: {'; '.join(hit['topics'])}", "     "))
    for other in hit.get("also", []):
        label = also_label(other)
        echo(wrap(f"{label[:1].lower()}{label[1:]}: {other['id']}", "     "))
    echo(snippet(hit["snippet"]))
    echo()


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
    echo(style(practice.title, bold=True))
    facts = [("Id", practice.id), ("Cities", ", ".join(practice.cities)), ("Countries", ", ".join(practice.countries)),
             ("Period", practice.period or ""), ("Years", _year_span(practice.years)),
             ("Topics", "; ".join(practice.topics)), ("Suggested topics", "; ".join(practice.topics_inferred)),
             ("Language", practice.language or ""), ("URL", practice.url or ""), ("Source", practice.source or "")]
    for label, value in facts:
        if value:
            echo(f"{label + ':':<18}{value}")
    for section in practice.sections:
        echo()
        if section.heading:
            echo(style(section.heading, underline=True))
        for paragraph in section.text.split("\n\n"):
            echo(wrap(paragraph) if not paragraph.startswith(("- ", "|")) else paragraph)
    if record["similar"]:
        echo("\nSimilar practices:")
        for other in record["similar"]:
            echo(f"  - {other['title']} ({', '.join(other['cities'] or other['countries'])}) [{other['id']}]")


def _year_span(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


@main.command()
@click.option("--all", "show_all", is_flag=True, help=f"Every value, not the top {STATS_TOP} of long facets.")
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
    build = data["build"]
    echo(f"{plural(data['documents'], 'practice')} in generation {data['generation']} "
         f"(built {build.get('built_at', '?')} in {build.get('build_seconds', '?')} s from {build.get('corpus', '?')})")
    if build.get("sample"):
        echo("These are the illustrative sample practices shipped with the project, not official texts.")
    for name, counts in data["facets"].items():
        _print_facet(name, counts, show_all)


def _print_facet(name: str, counts: dict, show_all: bool) -> None:
    """Years in order, all of them; other facets by count, the top ones when the list is long."""
    ordered = sorted(counts.items(), key=lambda kv: (kv[0] if name == "year" else -kv[1], kv[0]))
    shown = ordered if show_all or name in ("year", "topic") or len(ordered) <= STATS_TOP + 5 else ordered[:STATS_TOP]
    echo(f"\n{name.title()} ({plural(len(counts), 'value')})")
    for value, count in shown:
        echo(f"  {count:>5}  {value}")
    if len(shown) < len(ordered):
        echo(f"  ... and {len(ordered) - len(shown)} more (--all lists them)")


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
    """Serve the web app (gunicorn; one searcher per worker process).

    \b
    Example:
        practices serve                              # http://127.0.0.1:8000
        practices serve --host 0.0.0.0 --port 9000 --workers 4 --index instance/live
    """
    from practice_search.web.server import run

    root = index_path(index_dir).resolve()
    IndexStore(root).current()
    _refuse_busy_port(host, port)
    run(host=host, port=port, workers=workers or os.cpu_count() or 1, dev=dev, index_dir=root, cache_size=cache_size)


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
            raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc} "
                                       f"(another server is there? choose one with --port)") from None


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
@index_option
@json_option
@friendly_errors
def eval_command(queries: Path, qrels: Path, mode: str, run_file: Path | None, top: int, index_dir, as_json) -> None:
    """Score the engine on judged QUERIES (JSONL) and QRELS (TSV): nDCG@10, MRR, P@5, P@10, MAP.

    \b
    Example:
        practices eval tests/relevance/data/queries.jsonl tests/relevance/data/qrels.tsv --index instance/index
        practices eval queries.jsonl qrels.tsv --run run.trec     # score any TREC run
    """
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

    \b
    Example:
        practices crawl https://www.coe.int/en/web/interculturalcities/good-practice \\
            --out instance/crawl --contact you@example.org
    """
    summary = _crawl(start_url, out, delay, contact, retries, backoff, timeout, quiet or as_json)
    if as_json:
        echo(json.dumps({"out": str(out), **summary.to_dict()}, ensure_ascii=False, indent=2))
    else:
        _print_crawl(summary, out, quiet)
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


def _print_crawl(summary, out: Path, quiet: bool) -> None:
    if not quiet:
        for failure in summary.failed:
            echo(f"failed    {failure['url']}: {failure['reason']}", err=True)
        for skipped in summary.skipped:
            echo(f"skipped   {skipped['url']}: {skipped['reason']}", err=True)
    echo(f"Crawled {plural(summary.listing_pages, 'listing page')} into {out}: {len(summary.new)} new, "
         f"{len(summary.changed)} changed, {len(summary.unchanged)} unchanged, "
         f"{len(summary.failed)} failed, {len(summary.skipped)} skipped"
         + (f", {len(summary.resumed)} already done before an interruption" if summary.resumed else "") + ".")


@main.command("parse-listing")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--base-url", default="", help="URL the page was saved from, to resolve relative links.")
@json_option
@friendly_errors
def parse_listing_command(file: Path, base_url: str, as_json: bool) -> None:
    """Read a saved listing page: each practice's title, places, period, teaser and detail link.

    \b
    Example:
        practices parse-listing saved-listing.html --json
        practices parse-listing page.html --base-url https://www.coe.int/en/web/interculturalcities/good-practice
    """
    from practice_search.ingest.listing import parse_listing

    page = parse_listing(file.read_bytes(), base_url)
    if as_json:
        echo(json.dumps({"items": [i.to_dict() for i in page.items], "next_pages": page.next_pages},
                        ensure_ascii=False, indent=2))
        return
    for item in page.items:
        place = " · ".join(x for x in (", ".join(item.cities), ", ".join(item.countries), item.period or "") if x)
        echo(style(item.title, bold=True) + f"  [{item.slug}]")
        if place:
            echo(f"     {place}")
        echo(f"     {item.url}")
    echo(f"{plural(len(page.items), 'practice')}; {plural(len(page.next_pages), 'link')} to further listing pages.")


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
        _print_crawl(summary, out, quiet)
        _report_index(store, update, False, quiet)
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
