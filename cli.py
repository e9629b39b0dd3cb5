"""`practices`: build the index, search it, show a practice, serve the web app."""

from __future__ import annotations

import functools
import json
import os
import sys
import textwrap
from pathlib import Path

import click

from index.build import build_full
from index.store import IndexBusy, IndexMissing, IndexStore, index_path
from ingest.corpus import CorpusError, IngestReport, load_corpus
from search.engine import SORTS, BadRequest, SearchEngine, SearchRequest
from search.text import plain_snippet

EXIT_REJECTED = 3


def friendly_errors(command):
    """Expected failures become one line on stderr and a non-zero exit, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (IndexMissing, CorpusError, IndexBusy, BadRequest) as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            sys.stdout = open(os.devnull, "w")  # the reader (e.g. `head`) has gone; that is fine
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
@click.argument("corpus", required=False, type=click.Path(path_type=Path), default=Path("corpus"))
@index_option
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary line.")
@friendly_errors
def index_command(corpus: Path, index_dir: Path | None, as_json: bool, quiet: bool) -> None:
    """Build the index from a CORPUS folder (default: corpus/).

    Every file that cannot be used is listed with the reason; all others are indexed.
    Exits with status 3 when some files were rejected.
    """
    store = IndexStore(index_path(index_dir))
    with store.lock():
        report = _ingest_with_progress(corpus, quiet or as_json)
        if not report.practices:
            raise CorpusError(f"no practice could be read from {corpus} ({len(report.rejected)} files rejected)")
        generation = build_full(store, report.practices, {"corpus": str(corpus.resolve()),
                                                         "rejected": len(report.rejected)},
                                progress=None if quiet or as_json else _progress("Indexing"))
    summary = {"generation": generation.name, "indexed": len(report.practices), "files": report.files_seen,
               "rejected": [{"source": r.source, "reason": r.reason} for r in report.rejected],
               "warnings": [{"source": w.source, "reason": w.reason} for w in report.warnings],
               "index": str(store.root)}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_report(report, summary, quiet)
    if report.rejected:
        sys.exit(EXIT_REJECTED)


def _ingest_with_progress(corpus: Path, quiet: bool) -> IngestReport:
    return load_corpus(corpus, progress=None if quiet else _progress("Reading"))


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


def _print_report(report: IngestReport, summary: dict, quiet: bool) -> None:
    if not quiet:
        for rejected in report.rejected:
            click.echo(f"rejected  {rejected.source}: {rejected.reason}", err=True)
        for warning in report.warnings:
            click.echo(f"warning   {warning.source}: {warning.reason}", err=True)
    click.echo(f"Indexed {summary['indexed']} practices from {summary['files']} files; "
               f"{len(report.rejected)} rejected, {len(report.warnings)} warnings "
               f"(generation {summary['generation']} in {summary['index']}).")


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
@index_option
@json_option
@friendly_errors
def search(query: str, topic, country, year, city, language, year_from, year_to, sort, page, per_page,
           index_dir, as_json) -> None:
    """Search practices: words (all required), "phrases", -exclude, OR, field:value, prefix*."""
    engine = SearchEngine(index_path(index_dir))
    filters = {"topic": list(topic), "country": list(country), "year": [str(y) for y in year],
               "city": list(city), "language": list(language)}
    request = SearchRequest(query=query, filters={k: v for k, v in filters.items() if v}, sort=sort,
                            page=page, per_page=per_page, year_from=year_from, year_to=year_to)
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
        meta = " · ".join(x for x in (place, ", ".join(hit["countries"]) if hit["cities"] else "", hit["period"] or "") if x)
        click.echo(click.style(f"{n:>3}. {hit['title']}", bold=True) + f"  [{hit['id']}]")
        if meta:
            click.echo(f"     {meta}")
        if hit["topics"]:
            click.echo(f"     Topics: {'; '.join(hit['topics'])}")
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
    engine = SearchEngine(index_path(index_dir))
    practice = engine.get(practice_id)
    if practice is None:
        raise click.ClickException(f"no practice with id {practice_id!r}")
    record = practice.to_dict()
    record["similar"] = engine.similar(practice_id)
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
    data = SearchEngine(index_path(index_dir)).stats()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    build = data["build"]
    click.echo(f"{data['documents']} practices in generation {data['generation']} "
               f"(built {build.get('built_at', '?')} in {build.get('build_seconds', '?')} s from {build.get('corpus', '?')})")
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
@index_option
@friendly_errors
def serve(host, port, workers, dev, index_dir) -> None:
    """Serve the web app (gunicorn; one searcher per worker process)."""
    from web.server import run

    root = index_path(index_dir)
    IndexStore(root).current()
    os.environ["PRACTICES_INDEX"] = str(root.resolve())
    run(host=host, port=port, workers=workers or os.cpu_count() or 1, dev=dev)


if __name__ == "__main__":
    main()
