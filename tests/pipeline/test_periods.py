import pytest

from practice_search.ingest.periods import parse_period

NOW = 2026


@pytest.mark.parametrize(
    ("text", "start", "end", "ongoing"),
    [
        ("2019", 2019, 2019, False),
        ("2017-2019", 2017, 2019, False),
        ("2015 – 2018", 2015, 2018, False),
        ("2012 to 2016", 2012, 2016, False),
        ("2017-19", 2017, 2019, False),
        ("2019 - ongoing", 2019, NOW, True),
        ("Since 2016", 2016, NOW, True),
        ("From 2014", 2014, NOW, True),
        ("from 2014 to 2016", 2014, 2016, False),
        ("2010 onwards", 2010, NOW, True),
        ("on-going since 2014", 2014, NOW, True),
        ("2013-", 2013, NOW, True),
        ("2018 - present", 2018, NOW, True),
        ("March - June 2018", 2018, 2018, False),
        ("September 2020 to May 2022", 2020, 2022, False),
        ("15/03/2021", 2021, 2021, False),
        ("03/2019 - 12/2020", 2019, 2020, False),
        ("2021 (ongoing since 2017)", 2017, NOW, True),
        ("2nd half 2021", 2021, 2021, False),
        ("depuis 2018", 2018, NOW, True),
        ("desde 2015", 2015, NOW, True),
        ("dal 2016 in corso", 2016, NOW, True),
        ("seit 2019", 2019, NOW, True),
        ("2018 - en curso", 2018, NOW, True),
    ],
)
def test_period_styles(text, start, end, ongoing):
    period = parse_period(text, current_year=NOW)
    assert (period.start_year, period.end_year, period.ongoing) == (start, end, ongoing)
    assert period.years == list(range(start, end + 1))
    assert period.parsed


def test_ongoing_without_a_year_has_no_years():
    period = parse_period("Ongoing", current_year=NOW)
    assert period.ongoing and period.years == [] and period.parsed


@pytest.mark.parametrize("text", ["soon", "the nineties", "1850", "3000", "12345"])
def test_unparseable_periods_yield_no_years_and_are_flagged(text):
    period = parse_period(text, current_year=NOW)
    assert period.years == [] and not period.parsed


@pytest.mark.parametrize("text", [None, "", "   "])
def test_missing_period_is_not_an_error(text):
    period = parse_period(text, current_year=NOW)
    assert period.years == [] and period.parsed
