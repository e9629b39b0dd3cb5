"""The fixed query mix every engine answers: committed, so runs compare like with like.

Kinds: `words` (all-words, the default; baselines must agree on hit counts), `phrase`,
`prefix`, `browse` (empty query), plus filters, sorts, year ranges and deep pages on top.
Filter values are ones the synthetic corpus always contains (it recombines the sample corpus).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BenchQuery:
    name: str
    q: str = ""
    kind: str = "words"
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    year_from: int | None = None
    year_to: int | None = None

    def params(self) -> dict:
        """Query-string parameters for /api/search."""
        params: list[tuple[str, str]] = [("q", self.q), ("page", str(self.page)), ("per_page", str(self.per_page)),
                                         ("sort", self.sort)]
        for name, values in self.filters.items():
            params.extend((name, v) for v in values)
        if self.year_from is not None:
            params.append(("year_from", str(self.year_from)))
        if self.year_to is not None:
            params.append(("year_to", str(self.year_to)))
        return params


def _words(*queries: str) -> list[BenchQuery]:
    return [BenchQuery(f"words:{q}", q) for q in queries]


COMMON = _words("community", "residents", "training", "school", "language", "housing", "project", "people",
                "municipal", "support")
RARE = _words("kurdish", "psychosocial", "landlord", "whatsapp", "helpline", "laundry", "storytime", "agriculture")
MULTI = _words("anti rumour", "roma school mediators", "refugee welcome", "participatory budget",
               "intercultural mediation health", "women employment", "young people sport", "language classes newcomers",
               "hate speech", "social housing neighbourhood", "local council training staff", "migrant families school")
PHRASES = [BenchQuery(f"phrase:{q}", f'"{q}"', "phrase") for q in (
    "anti-rumour strategy", "hate speech", "young people", "social cohesion", "city council", "welcome desk",
    "local authorities", "human rights")]
PREFIXES = [BenchQuery(f"prefix:{q}", q, "prefix") for q in ("integr*", "mediat*", "multiling*", "refug*", "educ*",
                                                             "neighbour*")]
FILTERED = [
    BenchQuery("filter1:refugees+country", "refugees", filters={"country": ["Spain"]}),
    BenchQuery("filter1:training+topic", "training", filters={"topic": ["Education"]}),
    BenchQuery("filter1:community+year", "community", filters={"year": ["2019"]}),
    BenchQuery("filter1:school+2countries", "school", filters={"country": ["Portugal", "Italy"]}),
    BenchQuery("filter2:housing+topic+country", "housing",
               filters={"topic": ["Housing and urban planning"], "country": ["Sweden"]}),
    BenchQuery("filter2:anti rumour+country+year", "anti rumour", filters={"country": ["Spain"], "year": ["2018"]}),
    BenchQuery("filter2:women+topic+years", "women", filters={"topic": ["Gender equality and Intersectionality"],
                                                               "year": ["2020", "2021"]}),
    BenchQuery("filter3:people+topic+country+year", "people",
               filters={"topic": ["Refugees"], "country": ["Germany"], "year": ["2017"]}),
    BenchQuery("filter3:support+3facets", "support",
               filters={"topic": ["Education", "Roma"], "country": ["Portugal"], "year": ["2016"]}),
    BenchQuery("filter3:municipal+city", "municipal",
               filters={"city": ["Barcelona", "Lisbon"], "topic": ["Anti-rumour"], "year": ["2015"]}),
    BenchQuery("filter1:phrase+country", '"young people"', "phrase", filters={"country": ["United Kingdom"]}),
    BenchQuery("filter2:prefix+topic+year", "mediat*", "prefix",
               filters={"topic": ["Mediation and conflict resolution"], "year": ["2019"]}),
]
BROWSE = [
    BenchQuery("browse:all", "", "browse"),
    BenchQuery("browse:topic", "", "browse", filters={"topic": ["Refugees"]}),
    BenchQuery("browse:country+year", "", "browse", filters={"country": ["Italy"], "year": ["2020"]}),
    BenchQuery("browse:city", "", "browse", filters={"city": ["Barcelona"]}),
    BenchQuery("browse:3facets", "", "browse",
               filters={"topic": ["Education"], "country": ["Spain", "Portugal"], "year": ["2018"]}),
    BenchQuery("browse:year-range", "", "browse", year_from=2016, year_to=2018),
]
DEEP = [
    BenchQuery("deep:community p20", "community", page=20),
    BenchQuery("deep:browse p50", "", "browse", page=50),
    BenchQuery("deep:training p10x20", "training", page=10, per_page=20),
    BenchQuery("deep:people p100", "people", page=100),
    BenchQuery("deep:browse p200 newest", "", "browse", page=200, sort="newest"),
]
SORTED = [
    BenchQuery("sort:school newest", "school", sort="newest"),
    BenchQuery("sort:housing title", "housing", sort="title"),
    BenchQuery("sort:refugees oldest+range", "refugees", sort="oldest", year_from=2015, year_to=2019),
    BenchQuery("range:language 2019-2021", "language", year_from=2019, year_to=2021),
]

QUERY_MIX: list[BenchQuery] = [*COMMON, *RARE, *MULTI, *PHRASES, *PREFIXES, *FILTERED, *BROWSE, *DEEP, *SORTED]
