"""What the `practices` commands print for people (their --json output is the data itself)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import click

from practice_search.console import echo, plural, snippet, style, width, wrap
from practice_search.index.incremental import IndexUpdate
from practice_search.index.store import IndexStore
from practice_search.ingest.corpus import IngestReport
from practice_search.ingest.model import Practice
from practice_search.web.display import also_label, version_relation

STATS_TOP = 10  # values shown per long facet by `stats` (`--all` shows every one)


def index_update(store: IndexStore, update: IndexUpdate, as_json: bool, quiet: bool) -> None:
    report = update.report
    summary = {"generation": update.generation, "indexed": len(report.practices), **files_summary(report),
               "index": str(store.root), **update.to_dict()}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    _ingest_report(report, summary, quiet)
    how = {"full": f"full rebuild ({update.reason})", "incremental": "incremental update",
           "unchanged": "no change"}[update.mode]
    echo(f"{how}: {len(update.added)} added, {len(update.changed)} changed, {len(update.deleted)} deleted; "
         f"{plural(update.parsed_files, 'file')} parsed, {plural(update.cached_files, 'unchanged file')} reused "
         f"({update.seconds} s).")
    if update.boilerplate_added or update.boilerplate_removed:
        echo(f"Repeated boilerplate changed ({update.boilerplate_added} new, {update.boilerplate_removed} gone "
             f"of the blocks): affected practices were re-stripped and rewritten.")


def index_failure(store: IndexStore, exc: Exception) -> None:
    """`index --json` prints one JSON object whatever happens: here the error and every file's fate."""
    message = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ") if isinstance(exc, OSError) else str(exc)
    if isinstance(exc, click.ClickException):
        message = exc.message
    report = getattr(exc, "report", None) or IngestReport()
    click.echo(json.dumps({"error": message, "indexed": 0, **files_summary(report), "index": str(store.root)},
                          ensure_ascii=False, indent=2))
    echo(f"Error: {message}", err=True)


def files_summary(report: IngestReport) -> dict:
    """What happened to every file: rejected ones with the reason, listing pages, where titles came from."""
    not_from_page = [{"id": p.id, "title": p.title, "title_source": report.title_sources.get(p.id)}
                     for p in report.practices if report.title_sources.get(p.id, "page") != "page"]
    return {"files": report.files_seen,
            "rejected": [{"source": r.source, "reason": r.reason} for r in report.rejected],
            "warnings": [{"source": w.source, "reason": w.reason} for w in report.warnings],
            "listings": [{"source": x.source, "items": x.items, "joined": x.joined} for x in report.listings],
            "title_sources": report.title_counts(), "titles_not_from_page": not_from_page}


TITLE_SOURCES = {"page": "from the page", "sidecar": "from sidecars", "listing": "from listing facts",
                 "slug": "made from the URL slug"}


def _ingest_report(report: IngestReport, summary: dict, quiet: bool) -> None:
    if not quiet:
        for rejected in report.rejected:
            echo(f"rejected  {rejected.source}: {rejected.reason}", err=True)
        for warning in report.warnings:
            echo(f"warning   {warning.source}: {warning.reason}", err=True)
        for listing in report.listings:
            echo(f"listing   {listing.source}: a listing page of {plural(listing.items, 'practice')}, not indexed; "
                 f"its facts went to {plural(len(listing.joined), 'detail page')}", err=True)
    listings = f", {plural(len(report.listings), 'listing page')}" if report.listings else ""
    echo(f"Indexed {plural(summary['indexed'], 'practice')} from {plural(summary['files'], 'file')}; "
         f"{len(report.rejected)} rejected, {plural(len(report.warnings), 'warning')}{listings} "
         f"(generation {summary['generation']} in {summary['index']}).")
    counts = report.title_counts()
    if counts["page"] != len(report.practices):
        echo("Titles: " + ", ".join(f"{n} {TITLE_SOURCES[k]}" for k, n in counts.items() if n) + ".")


def search_results(result: dict) -> None:
    if result["corrected"]:
        echo(f"Showing results for: {result['corrected']} (search instead for the words as typed: --as-typed)")
    elif result["suggestion"]:
        echo(f"Did you mean: {result['suggestion']}")
    if result["relaxed"]:
        echo("No practice matches all the words; showing practices that match most of them.")
    elif result["match"] == "most" and result["total"] > result["total_all_words"]:
        echo(f"{result['total_all_words']:,} of {plural(result['total'], 'practice')} hold every word (listed first); "
             "--match all shows only those.")
    shown_from = (result["page"] - 1) * result["per_page"] + 1
    if not result["results"]:
        echo(f"No practices found ({result['total']:,} in all).")
        for option in result.get("recovery", [])[:3]:
            (name, value), = option["drop"].items()
            echo(f"  removing {name} {value} gives {plural(option['total'], 'practice')}")
    else:
        echo(f"{plural(result['total'], 'practice')}; showing {shown_from}-{shown_from + len(result['results']) - 1} "
             f"(page {result['page']} of {result['pages']}, {result['took_ms']} ms)\n")
    results = result["results"]
    for n, hit in enumerate(results, shown_from):
        if hit.get("version_of") and n > shown_from:
            _version(n, hit)
        else:
            _hit(n, hit, {h["id"] for h in results if h.get("version_of") == hit["id"]})
    for name in ("topic", "country", "year"):
        top = result["facets"][name]
        if name != "year":
            top = top[:8]
        values = ", ".join(f"{v['value']} ({v['count']})" + ("*" if v["selected"] else "") for v in top)
        if values:
            echo(textwrap.fill(f"{name.title()}: {values}", width=width(), subsequent_indent="    "))


def _version(n: int, hit: dict) -> None:
    """Another version of the practice just above: one line under it."""
    line = f"{n:>3}. {also_label(version_relation(hit))}: {hit['title']}  [{hit['id']}]"
    echo(textwrap.fill(line, width=width(), subsequent_indent="     "))
    echo()


def _hit(n: int, hit: dict, listed_under: set[str]) -> None:
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
        if other["id"] in listed_under:
            continue
        label = also_label(other)
        echo(wrap(f"{label[:1].lower()}{label[1:]}: {other['id']}", "     "))
    echo(snippet(hit["snippet"]))
    echo()


def _year_span(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _facet(name: str, counts: dict, show_all: bool) -> None:
    """Years in order, all of them; other facets by count, the top ones when the list is long."""
    ordered = sorted(counts.items(), key=lambda kv: (kv[0] if name == "year" else -kv[1], kv[0]))
    shown = ordered if show_all or name in ("year", "topic") or len(ordered) <= STATS_TOP + 5 else ordered[:STATS_TOP]
    echo(f"\n{name.title()} ({plural(len(counts), 'value')})")
    for value, count in shown:
        echo(f"  {count:>5}  {value}")
    if len(shown) < len(ordered):
        echo(f"  ... and {len(ordered) - len(shown)} more (--all lists them)")


def crawl_summary(summary, out: Path, quiet: bool) -> None:
    if not quiet:
        for failure in summary.failed:
            echo(f"failed    {failure['url']}: {failure['reason']}", err=True)
        for skipped in summary.skipped:
            echo(f"skipped   {skipped['url']}: {skipped['reason']}", err=True)
    echo(f"Crawled {plural(summary.listing_pages, 'listing page')} into {out}: {len(summary.new)} new, "
         f"{len(summary.changed)} changed, {len(summary.unchanged)} unchanged, "
         f"{len(summary.failed)} failed, {len(summary.skipped)} skipped"
         + (f", {len(summary.resumed)} already done before an interruption" if summary.resumed else "") + ".")


def practice(practice: Practice, similar: list[dict]) -> None:
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
    if similar:
        echo("\nSimilar practices:")
        for other in similar:
            echo(f"  - {other['title']} ({', '.join(other['cities'] or other['countries'])}) [{other['id']}]")


def stats(data: dict, show_all: bool) -> None:
    build = data["build"]
    echo(f"{plural(data['documents'], 'practice')} in generation {data['generation']} "
         f"(built {build.get('built_at', '?')} in {build.get('build_seconds', '?')} s from {build.get('corpus', '?')})")
    if build.get("sample"):
        echo("These are the illustrative sample practices shipped with the project, not official texts.")
    for name, counts in data["facets"].items():
        _facet(name, counts, show_all)


def listing(page) -> None:
    for item in page.items:
        place = " · ".join(x for x in (", ".join(item.cities), ", ".join(item.countries), item.period or "") if x)
        echo(style(item.title, bold=True) + f"  [{item.slug}]")
        if place:
            echo(f"     {place}")
        if item.url:
            echo(f"     {item.url}")
    echo(f"{plural(len(page.items), 'practice')}; {plural(len(page.next_pages), 'link')} to further listing pages.")
