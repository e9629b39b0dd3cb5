import pytest

from practice_search.ingest.places import gazetteer, looks_like_listing_line
from practice_search.ingest.topics import normalise_topics, topic_names


@pytest.mark.parametrize(
    ("line", "countries", "cities", "period"),
    [
        ("Portugal Amadora Lisbon Loures Santa Maria da Feira Setúbal Cascais 2019-2021", ["Portugal"],
         ["Amadora", "Lisbon", "Loures", "Santa Maria da Feira", "Setúbal", "Cascais"], "2019-2021"),
        ("Poland Lublin Krakow Wroclaw 2nd half 2021", ["Poland"], ["Lublin", "Krakow", "Wroclaw"], "2nd half 2021"),
        ("Norway 2013-", ["Norway"], [], "2013-"),
        ("United Kingdom Camden", ["United Kingdom"], ["Camden"], None),
        ("Mexico Mexico City 2019", ["Mexico"], ["Mexico City"], "2019"),
        ("Italy Torino March - June 2018", ["Italy"], ["Turin"], "March - June 2018"),
        ("Spain Donostia-San Sebastian Since 2014", ["Spain"], ["Donostia-San Sebastián"], "Since 2014"),
        ("Ukraine Vinnitsya 2021", ["Ukraine"], ["Vinnytsia"], "2021"),
        ("Germany Newtown 2019", ["Germany"], ["Newtown"], "2019"),
    ],
)
def test_listing_lines_split_with_the_gazetteer(line, countries, cities, period):
    split = gazetteer().split_listing_line(line)
    assert split.countries == countries
    assert split.cities == cities
    assert split.period == period


def test_city_lookup_ignores_case_and_accents_and_knows_local_names():
    g = gazetteer()
    assert g.city("zurich").name == g.city("Zürich").name == g.city("ZUERICH").name == "Zurich"
    assert g.city("Torino").name == "Turin" and g.city("Torino").country == "Italy"
    assert g.city("portimao").name == "Portimão"
    assert g.canonical_country("España") == "Spain"
    assert g.canonical_country("Atlantis") == "Atlantis"
    assert g.countries_of(["Lisboa", "Genève"]) == ["Portugal", "Switzerland"]


def test_cities_found_in_prose():
    g = gazetteer()
    text = "In 2019 the City of Turin opened a desk. Turin's council and partners in Torino ..."
    assert [p.name for p in g.find_cities(text)] == ["Turin"]
    # 'salt' the word is not Salt the town; 'the municipality of Salt' is.
    assert g.find_cities("Add salt and pepper. Salt is tasty.") == []
    assert [p.name for p in g.find_cities("the municipality of Salt runs it")] == ["Salt"]


@pytest.mark.parametrize("line", ["Spain Barcelona Since 2010", "2019 - ongoing", "Norway 2013-", "Ongoing"])
def test_listing_line_detection(line):
    assert looks_like_listing_line(line)


@pytest.mark.parametrize("line", ["The city of Barcelona started the strategy in 2010.", "Purpose", ""])
def test_prose_is_not_a_listing_line(line):
    assert not looks_like_listing_line(line)


def test_topics_map_to_the_vocabulary_and_keep_commas():
    known, unknown = normalise_topics(
        ["culture, leisure & heritage", "ANTI-RUMOUR", "Refugees", "Health, Social care and Family support",
         "Refugees", "Urban gardening"])
    assert known == ["Culture, Leisure and Heritage", "Anti-rumour", "Refugees",
                     "Health, Social care and Family support"]
    assert unknown == ["Urban gardening"]
    assert len(topic_names()) == 22
