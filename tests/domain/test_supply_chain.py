import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyesg.domain.supply_chain import find_cycle, link_problems, reachable


@pytest.mark.parametrize(
    ("sub", "customer", "customers_of_customer", "refused"),
    [
        (3, 1, set(), False),
        (3, 2, {1}, False),
        (1, 1, set(), True),  # itself
        (1, 3, {2, 1}, True),  # 3 already supplies 2 which supplies 1
    ],
)
def test_a_link_that_closes_a_loop_is_refused(
    sub: int, customer: int, customers_of_customer: set[int], refused: bool
) -> None:
    assert bool(link_problems(sub, customer, customers_of_customer)) is refused


@pytest.mark.parametrize(
    ("links", "cycle"),
    [
        ([], None),
        ([(2, 1), (3, 2), (3, 1)], None),  # a diamond is not a loop
        ([(1, 1)], [1, 1]),
        ([(2, 1), (1, 2)], [2, 1, 2]),
        ([(4, 3), (3, 2), (2, 4)], [4, 3, 2, 4]),
    ],
)
def test_find_cycle(links: list[tuple[int, int]], cycle: list[int] | None) -> None:
    assert find_cycle(links) == cycle


def test_reachable_gives_the_shortest_depth() -> None:
    customers = {3: [2, 1], 2: [1], 4: [3]}
    assert reachable(4, customers) == {3: 1, 2: 2, 1: 2}


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=30))
def test_a_found_cycle_is_made_of_given_links(links: list[tuple[int, int]]) -> None:
    cycle = find_cycle(links)
    if cycle is not None:
        assert cycle[0] == cycle[-1]
        assert all(pair in links for pair in itertools.pairwise(cycle))


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=30))
def test_links_that_only_go_to_smaller_ids_never_loop(links: list[tuple[int, int]]) -> None:
    assert find_cycle([(a, b) for a, b in links if a > b]) is None
