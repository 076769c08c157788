"""Specialty codes and the years a degree could bear them (issue 18, item 9)."""

from __future__ import annotations

from cadre.people.specialties import OLDER, PREDECESSOR, SPECIALTIES, YEARS, code_for_year, valid_in


def test_a_code_is_valid_only_in_the_years_of_its_classifier() -> None:
    assert (valid_in("6B061", 2018), valid_in("6B061", 2019), valid_in("6B061", 2026)) == (
        False,
        True,
        True,
    )
    assert (valid_in("5B070400", 2008), valid_in("5B070400", 2022)) == (False, True)
    assert (valid_in("09.03.04", 2012), valid_in("09.03.04", 2013)) == (False, True)
    assert (valid_in("230105", 2016), valid_in("230105", 2017)) == (True, False)
    assert (valid_in("7480201", 2017), valid_in("52480201", 2017)) == (False, True)
    assert valid_in("X-UNKNOWN", 1970)  # a code Cadre ships no rule for


def test_a_degree_bears_the_code_of_its_year_in_the_same_field() -> None:
    assert [code_for_year("09.03.04", y) for y in (1998, 2005, 2012, 2016)] == [
        ("230105", 2003),  # before OKSO 2003: a degree taken later, in its first year
        ("230105", 2005),
        ("231000", 2012),
        ("09.03.04", 2016),
    ]
    assert code_for_year("6B042", 2015) == ("5B030100", 2015)
    assert code_for_year("7229042", 2019) == ("7229042", 2019)
    assert code_for_year("7229042", 2012) == ("52220342", 2012)


def test_each_older_code_keeps_its_successors_it_standing() -> None:
    is_it = {code: it for code, _n, it in SPECIALTIES} | {
        code: it for code, _n, it, *_rest in OLDER
    }
    assert len(PREDECESSOR) == len(OLDER) == 49
    assert [(a, b) for a, b in PREDECESSOR.items() if is_it[a] != is_it[b]] == []
    assert set(YEARS) == set(is_it)
