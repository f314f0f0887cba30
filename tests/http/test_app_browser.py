"""The web app in a real browser (headless Chromium) against a live server on the demo
network: a visitor finds a person, reads their suggestions and how to reach them, looks
at a project, a gathering's team board, a cluster and the network explorer; a person
signs in with their token and hides themselves, and a stranger no longer finds them.
Every page is checked with axe-core, and nothing may leave this machine.

``CONVENE_UPDATE_SCREENSHOTS=1`` writes the screenshots the README shows into docs/.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from access.tokens import create_token
from server import create_app
from settings import Settings
from tests.demo_store import seed_demo
from tests.http.live import serve
from tests.http.node_checks import APP_DIR, run_check
from tests.http.test_playground_browser import is_local

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
SIGNED_IN = "hannah-grant"
SCREENSHOTS = ("app-person.png", "app-explorer.png")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def screenshots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("CONVENE_UPDATE_SCREENSHOTS") == "1":
        return DOCS_DIR
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def visit(tmp_path_factory: pytest.TempPathFactory, screenshots_dir: Path) -> Iterator[Any]:
    """What Chromium saw on the whole visit (its own demo store: the visit writes)."""
    data_dir = seed_demo(tmp_path_factory.mktemp("app-demo") / "data")
    secret = create_token(data_dir, "reader", "hannah's browser", person_key=SIGNED_IN)
    with serve(create_app(Settings(data_dir=data_dir))) as base_url:
        yield run_check(
            "browser.mjs",
            base_url,
            directory=APP_DIR,
            env={
                "APP_CHECK_TOKEN": secret,
                "APP_CHECK_PERSON": SIGNED_IN,
                "APP_CHECK_SCREENSHOTS": str(screenshots_dir),
            },
        )


def test_every_step_of_the_visit_worked(visit: dict[str, Any]) -> None:
    assert visit["failure"] is None


def test_search_is_reached_by_keyboard_and_shows_result_types(visit: dict[str, Any]) -> None:
    # Given the app's first page, used with the keyboard only
    find = visit["steps"]["find"]
    # Then tabbing reaches the box named "Search", Enter searches, and the result says
    # what kind of thing it is
    assert find["searchLabel"] == 1
    assert find["tabsToSearch"] < 10
    assert find["url"].endswith("/app/find?q=Donald%20Peurach")
    assert find["results"][0].startswith("PERSON\nDonald Peurach")


def test_the_person_page_shows_suggestions_with_reasons(visit: dict[str, Any]) -> None:
    # Given Donald Peurach's page, opened from the search results by an anonymous visitor
    person = visit["steps"]["person"]
    # Then it has his details and people to meet, each with a score and reasons in words
    assert person["url"].endswith("/app/person/donald-peurach")
    assert person["heading"] == "Donald Peurach"
    assert "People to meet" in person["sections"]
    assert person["email"] == 0
    assert len(person["suggestions"]) == 6
    assert all("score " in text for text in person["suggestions"])
    assert all("common collaborators: " in text for text in person["suggestions"])


def test_a_shared_link_opens_the_whole_profile(visit: dict[str, Any]) -> None:
    # Given a link to a person page opened directly
    profile = visit["steps"]["shared-link"]
    lists = "\n".join(profile["lists"])
    # Then it shows affiliations, projects with the role, gatherings with the mode, and
    # the cohort and study group
    assert profile["heading"] == "Brian Castillo"
    assert profile["sections"][:4] == [
        "Affiliations 1",
        "Projects 1",
        "Gatherings 1",
        "Cohort and study group",
    ]
    assert "Open Course Remix · member" in lists
    assert "iiE Gathering, Spring 2018 (Ann Arbor) · attendee" in lists
    assert "2018 Winter Cohort" in lists
    assert "Participants study group" in lists


def test_diversify_changes_the_suggestions(visit: dict[str, Any]) -> None:
    diversify = visit["steps"]["diversify"]
    assert diversify["url"].endswith("?diversify=1")
    assert diversify["after"] != diversify["before"]


def test_the_introduction_path_shows_each_step_and_what_is_shared(visit: dict[str, Any]) -> None:
    connect = visit["steps"]["connect"]
    assert connect["url"].endswith("/app/connect/donald-peurach?from=hannah-grant")
    assert connect["heading"] == "From Hannah Grant to Donald Peurach"
    assert len(connect["steps"]) >= 2
    assert connect["steps"][0].startswith("Hannah Grant → ")
    assert connect["steps"][-1].split("\n")[0].endswith("→ Donald Peurach")
    assert all("share " in step for step in connect["steps"])
    # each step says in words how both are linked to what they share
    assert [step.rsplit("(", 1)[1] for step in connect["steps"]] == [
        "attended)",
        "affiliated with)",
    ]


def test_a_project_shows_members_needs_and_suggested_members(visit: dict[str, Any]) -> None:
    project = visit["steps"]["project"]
    assert project["heading"] == "Classroom Water Sensor Network"
    assert any("· lead" in member for member in project["members"])
    assert "Data analysis" in project["needs"]
    assert project["suggested"]
    assert any("has a skill that is needed" in text for text in project["suggested"])


def test_the_gathering_team_board_follows_its_controls(visit: dict[str, Any]) -> None:
    gathering = visit["steps"]["gathering"]
    assert gathering["heading"] == "iiE Gathering, Spring 2018 (Ann Arbor)"
    assert [group.split(" (")[0] for group in gathering["attendeeGroups"]] == [
        "proposed project",
        "joined team",
        "reflection",
        "attendee",
    ]
    assert gathering["teamsAtFirst"] == 3
    assert gathering["teamsAfter"] == 2
    assert "pairs" in gathering["firstTeam"]
    assert "Sectors: commercial, education, research." in gathering["firstTeam"]


def test_the_cluster_shows_its_sector_mix_and_introductions(visit: dict[str, Any]) -> None:
    cluster = visit["steps"]["cluster"]
    assert cluster["heading"] == "#NYCEDU (New York City)"
    assert [row.split("\t")[0] for row in cluster["sectors"]] == [
        "education",
        "research",
        "commercial",
    ]
    # each sector's bar has its colour (page.css's .sector-education, ...)
    assert cluster["barColors"] == ["rgb(31, 111, 67)", "rgb(29, 79, 145)", "rgb(161, 74, 0)"]
    assert cluster["introductions"]
    # and each introduction names the two people's sectors in words
    sector = "(education|research|commercial)"
    for introduction in cluster["introductions"]:
        assert re.match(rf".+\s\({sector}\) and\s.+?\s\({sector}\)\s", introduction, re.DOTALL)


def test_the_explorer_draws_and_a_click_opens_the_page(visit: dict[str, Any]) -> None:
    explorer = visit["steps"]["explorer"]
    cluster = visit["steps"]["cluster-network"]
    assert explorer["nodes"] > 1
    assert explorer["canvases"] > 0
    clicked_key = explorer["clicked"].removeprefix("Person:")
    assert explorer["openedUrl"].endswith(f"/app/person/{clicked_key}")
    assert cluster["nodes"] > 1
    assert cluster["canvases"] > 0


def test_consent_switched_off_hides_the_person_from_strangers(visit: dict[str, Any]) -> None:
    # Given Hannah Grant signed in with her token, switching "discoverable" off
    steps = visit["steps"]
    # Then her own page shows her email and switches; a stranger finds nothing
    assert steps["consent"] == {"wasOn": True, "nowOn": False, "stored": 1}
    assert steps["ownPage"] == {"heading": "Hannah Grant", "email": 1, "consentSwitches": 2}
    assert steps["anonymous"]["found"] == []
    assert "Nothing found" in steps["anonymous"]["personPage"]
    # And signing out forgets the token
    assert steps["sign-out"] == {"stored": 0}


def test_no_request_leaves_the_machine(visit: dict[str, Any]) -> None:
    requests = visit["requests"]
    assert any(url.endswith("/graphql") for url in requests)
    assert any("/app/assets/cytoscape" in url for url in requests)
    assert [url for url in requests if not is_local(url)] == []


def test_cytoscape_loads_only_on_the_explorer(visit: dict[str, Any]) -> None:
    requests = visit["requests"]
    first_graph = next(i for i, url in enumerate(requests) if "/app/assets/cytoscape" in url)
    before = requests[:first_graph]
    assert any(url.endswith("/app/cluster/new-york-city") for url in before)
    assert any(url.endswith("/app/explore?person=donald-peurach&radius=1") for url in before)


def test_no_console_error_appears(visit: dict[str, Any]) -> None:
    # Given the console: a server that does not know a document's hash answers 400
    # (the browser logs that), and the app sends the text again
    unexplained = list(visit["consoleErrors"])
    for _ in range(visit["apqMisses"]):
        unexplained.remove(
            "Failed to load resource: the server responded with a status of 400 (Bad Request)"
        )
    # Then nothing else was logged, and no script failed
    assert unexplained == []
    assert visit["pageErrors"] == []


def test_axe_finds_no_serious_or_critical_violation_on_any_page(visit: dict[str, Any]) -> None:
    axe = visit["axe"]
    assert set(axe) >= {"find", "person", "connect", "project", "gathering", "cluster", "explorer"}
    assert {page: found for page, found in axe.items() if found} == {}


def test_each_page_loads_with_one_request(visit: dict[str, Any]) -> None:
    # Given the operations each page sent, where a hash the server did not know and the
    # text sent right after it count as one request
    def operations(step: str) -> list[str]:
        sent = visit["graphql"][step]
        resent = [
            not item["withText"] and later["withText"] and later["operation"] == item["operation"]
            for item, later in itertools.pairwise(sent)
        ]
        return [
            item["operation"]
            for item, retried in zip(sent, [*resent, False], strict=True)
            if not retried
        ]

    # Then a page's data came in one request
    assert operations("person") == ["PersonPage"]
    assert operations("project") == ["ProjectPage"]
    assert operations("cluster") == ["ClusterPage"]
    assert operations("cluster-network") == ["ClusterNetwork"]


def test_the_screenshots_were_taken(visit: dict[str, Any], screenshots_dir: Path) -> None:
    for name in SCREENSHOTS:
        assert (screenshots_dir / name).stat().st_size > 10_000, name
