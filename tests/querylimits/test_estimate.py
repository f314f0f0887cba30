"""The cost estimate on a schema of its own: prices by field and by name, page sizes out
of bounds as problems, declared defaults."""

from __future__ import annotations

from graphql import build_schema, parse

from querylimits import FieldCost, PageSizeProblem, Prices, estimate

SDL = build_schema("""
type Query { items(first: Int = 3): [Item!]! report: Report }
type Item { name: String! tags: [Tag!]! }
type Report { tags(first: Int): [Tag!]! }
type Tag { name: String! }
""")


def _fixed(count: int) -> FieldCost:
    return FieldCost(items=lambda args: count)


def test_a_price_by_field_wins_over_a_price_by_name() -> None:
    # given tags priced at 2 everywhere, but at 7 on a report
    prices = Prices(by_field={("Report", "tags"): _fixed(7)}, by_name={"tags": _fixed(2)})
    # when a query reads both
    items = estimate(SDL, parse("{ items { tags { name } } }"), None, {}, prices)
    report = estimate(SDL, parse("{ report { tags { name } } }"), None, {}, prices)
    # then items use the declared default page (3) and 2 tags each; the report its own 7
    assert items.cost == 3 + 3 * 2
    assert report.cost == 1 + 7


def test_a_page_size_out_of_bounds_is_a_problem_naming_the_argument() -> None:
    # given prices that allow pages of at most 10, and at most 4 of a report's tags
    tags = FieldCost(lambda args: 4, max_first=4)
    prices = Prices(by_field={("Report", "tags"): tags}, max_page_size=10)
    # when pages too large are asked for, through a variable and literally
    found = estimate(
        SDL,
        parse("query($n: Int) { items(first: $n) { name } report { tags(first: 5) { name } } }"),
        None,
        {"n": 11},
        prices,
    )
    # then each is a problem with its argument, value and bound
    assert found.problems == [PageSizeProblem("first", 11, 10), PageSizeProblem("first", 5, 4)]


def test_an_unknown_operation_costs_nothing() -> None:
    # given a document with one named operation
    document = parse("query A { items { name } }")
    # when another operation is estimated, then it costs nothing; the named one its page
    assert estimate(SDL, document, "B", {}).cost == 0
    assert estimate(SDL, document, "A", {}).cost == 3
