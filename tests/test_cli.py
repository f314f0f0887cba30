"""The ``convene`` command, run as a user runs it: a separate process, real stores."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from data import demo_files
from graph.embedded.store import EmbeddedStore
from graph.factory import open_store
from graph.model import Label, Node
from graph.neo4j.store import Neo4jStore
from graph.store import AlreadyExists, GraphStore, WriteBatch
from tests.conftest import neo4j_settings
from web.app import WebApp
from web.playground import Playground

ROOT = Path(__file__).resolve().parents[1]


def convene(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def embedded_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENE_", "NEO4J_"))}
    env.update(CONVENE_STORE="embedded", CONVENE_DATA_DIR=str(tmp_path / "data"), CI="1")
    return env


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_env(request: pytest.FixtureRequest, embedded_env: dict[str, str]) -> dict[str, str]:
    if request.param == "embedded":
        return embedded_env
    store = request.getfixturevalue("neo4j_store")
    store.clear()
    return {**embedded_env, **neo4j_env()}


def neo4j_env() -> dict[str, str]:
    """The variables that reach the Neo4j server the test run uses."""
    settings = neo4j_settings()
    return {
        "CONVENE_STORE": "neo4j",
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
    }


def stats(env: dict[str, str]) -> dict[str, dict[str, int]]:
    result = convene("stats", "--json", env=env)
    assert result.returncode == 0, result.stderr
    counts: dict[str, dict[str, int]] = json.loads(result.stdout)
    return counts


def data_version(env: dict[str, str]) -> int:
    """The data version of the store ``env`` points at."""
    settings = neo4j_settings()
    store = open_store(
        env["CONVENE_STORE"],
        data_dir=Path(env["CONVENE_DATA_DIR"]),
        neo4j_uri=settings.neo4j_uri,
        neo4j_user=settings.neo4j_user,
        neo4j_password=settings.neo4j_password,
    )
    try:
        return store.data_version()
    finally:
        store.close()


def test_seed_loads_the_demo_network_and_a_second_seed_changes_nothing(
    any_env: dict[str, str],
) -> None:
    # given an empty store
    # when
    first = convene("seed", env=any_env)
    counts = stats(any_env)
    version = data_version(any_env)
    second = convene("seed", env=any_env)
    # then
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert counts["nodes"]["Person"] >= 103
    assert counts["nodes"]["Cohort"] >= 1
    assert counts["relationships"]["MEMBER_OF"] >= 103
    assert stats(any_env) == counts
    # and the second seed wrote nothing, so the version (and any projection) stands
    assert data_version(any_env) == version


def test_a_broken_data_file_is_refused_whole_with_file_line_and_field(
    any_env: dict[str, str], tmp_path: Path
) -> None:
    # given a seeded store and a copy of the demo data with one bad value
    assert convene("seed", env=any_env).returncode == 0
    before = stats(any_env)
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in demo_files():
        shutil.copy(path, broken / path.name)
    target = broken / demo_files()[-1].name
    lines = target.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[5])
    record.setdefault("props", {})["name"] = 42
    lines[5] = json.dumps(record)
    lines.append('{"label": "Person", "key": "new-person-9", "props": {"name": "New"}}')
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # when
    result = convene("seed", "--source", str(broken), env=any_env)
    # then
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{target}:6:" in result.stderr
    assert "name: must be text" in result.stderr
    assert "nothing was written" in result.stderr
    assert stats(any_env) == before


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{not json", "json: not valid JSON"),
        ('{"label": "Planet", "key": "mars", "props": {"name": "Mars"}}', "unknown label"),
        ('{"label": "Person", "props": {"name": "No Key"}}', "key: is required"),
        ('{"label": "Person", "key": "a", "props": {"name": "A", "roles": ["wizard"]}}', "roles"),
        (
            '{"rel": "MEMBER_OF", "start": "Person:nobody", "end": "Project:nothing"}',
            "Person:nobody is neither in the input nor in the store",
        ),
    ],
)
def test_import_names_the_bad_record_and_writes_nothing(
    embedded_env: dict[str, str], tmp_path: Path, line: str, expected: str
) -> None:
    # given a file with one good and one bad record
    path = tmp_path / "input.jsonl"
    good = '{"label": "Topic", "key": "math", "props": {"name": "Math"}}'
    path.write_text(f"{good}\n{line}\n", encoding="utf-8")
    # when
    result = convene("import", str(path), env=embedded_env)
    # then
    assert result.returncode == 2
    assert f"{path}:2:" in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert stats(embedded_env)["nodes"]["Topic"] == 0


GOOD_TOPIC = b'{"label": "Topic", "key": "math", "props": {"name": "Math"}}\n'
NODES_HEADER = b"Id,Label,Type,Key,name\n"
GOOD_ROW = b"Topic:math,Math,Topic,math,Math\n"

BAD_INPUT = [
    pytest.param(
        "input.jsonl",
        GOOD_TOPIC + b'{"label": "Topic", "key": "art", "props": {"na',
        2,
        "json: not valid JSON at column 47: the file ends in the middle of this record",
        id="truncated-last-line",
    ),
    pytest.param(
        "input.jsonl",
        GOOD_TOPIC
        + b'{"label": "Topic", "key": "art", "props": {"name": "Art \xc3\xa9 ok \xff"}}\n',
        2,
        "encoding: not valid UTF-8: byte 0xff at column 62",
        id="invalid-utf-8",
    ),
    pytest.param(
        "input.jsonl",
        GOOD_TOPIC
        + b'{"label": "Topic", "key": "art", "props": {"name": "Art \xc3\xa9 '
        + b"x" * 10
        + b'"',
        2,
        "json: not valid JSON at column 70: the file ends",
        id="utf-8-counted-in-characters",
    ),
    pytest.param(
        "input.jsonl",
        GOOD_TOPIC
        + b'{"label": "Person", "key": "ada", "props": {"name": "Ada", "headline": "'
        + b"x" * 50_000_000
        + b'"}}\n',
        2,
        "Person 'ada': headline: must be at most 2000 characters, not 50000000",
        id="50-MB-line-of-valid-JSON",
    ),
    pytest.param(
        "input.jsonl",
        GOOD_TOPIC
        + b'{"label": "Person", "key": "ada", "props": {"name": "'
        + b"x" * 50_000_000
        + b"\n",
        2,
        "json: not valid JSON at column",
        id="50-MB-line-of-broken-JSON",
    ),
    pytest.param(
        "input.jsonl",
        GOOD_TOPIC + b'{"rel": "INTERESTED_IN", "start": "Person:nobody", "end": "Topic:math"}\n',
        2,
        "INTERESTED_IN Person:nobody -> Topic:math: start: Person:nobody is neither in the input",
        id="relationship-to-a-missing-node",
    ),
    pytest.param(
        "input.jsonl",
        GOOD_TOPIC + GOOD_TOPIC.replace(b"Math", b"Maths"),
        2,
        "Topic 'math': key: duplicate key (first defined at",
        id="duplicate-key",
    ),
    pytest.param(
        "nodes.csv",
        NODES_HEADER + GOOD_ROW + b"Person:math,Math,Topic,math,Math\n",
        3,
        "Person:math: Type: 'Topic' conflicts with the label of Id 'Person:math'",
        id="csv-conflicting-labels",
    ),
    pytest.param(
        "nodes.csv",
        NODES_HEADER + GOOD_ROW + b"Topic:math,Maths,Topic,math,Maths\n",
        3,
        "Topic 'math': key: duplicate key (first defined at",
        id="csv-duplicate-key",
    ),
    pytest.param(
        "nodes.csv",
        b"Id,Label,Type,name\nTopic:math,Math,Topic,Math\n",
        1,
        "header: Key: the nodes table needs a 'Key' column",
        id="csv-missing-column",
    ),
    pytest.param(
        "nodes.csv",
        b"Id,Label,Type,Key,name,colour\nTopic:math,Math,Topic,math,Math,red\n",
        1,
        "header: colour: is not a column of the nodes table",
        id="csv-unknown-column",
    ),
    pytest.param(
        "nodes.csv",
        NODES_HEADER + GOOD_ROW + b"Topic:art,Art,Topic,art,Art,extra\n",
        3,
        "row: has 6 cells; the header has 5 columns",
        id="csv-extra-cell",
    ),
    pytest.param(
        "nodes.csv",
        NODES_HEADER + GOOD_ROW + b"Topic:art,Art,Topic\n",
        3,
        "row: has 3 cells; the header has 5 columns",
        id="csv-missing-cells",
    ),
    pytest.param(
        "nodes.csv",
        NODES_HEADER + GOOD_ROW + b"Topic:art,Art,Topic,art,Art \xff\n",
        3,
        "encoding: not valid UTF-8: byte 0xff at column 29",
        id="csv-invalid-utf-8",
    ),
]


@pytest.mark.parametrize(("name", "content", "line", "expected"), BAD_INPUT)
def test_bad_input_is_refused_with_file_line_and_field_and_nothing_is_written(
    any_env: dict[str, str], tmp_path: Path, name: str, content: bytes, line: int, expected: str
) -> None:
    # given a file whose first record is good and a later one bad
    path = tmp_path / name
    path.write_bytes(content)
    # when it is imported
    result = convene("import", str(path), env=any_env)
    # then it is refused with the file, line and field, and nothing is written
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{path}:{line}: " in result.stderr
    assert expected in result.stderr
    assert "nothing was written" in result.stderr
    assert stats(any_env)["nodes"].get("Topic", 0) == 0


def test_a_long_list_of_errors_is_cut_short_with_the_total(
    embedded_env: dict[str, str], tmp_path: Path
) -> None:
    # given a file with 1,500 bad lines
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n" * 1500, encoding="utf-8")
    # when it is imported
    result = convene("import", str(path), env=embedded_env)
    # then the report counts them all but shows a readable few
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2
    assert lines[0] == "convene: refused 1500 invalid record(s); nothing was written:"
    assert lines[-1] == "... and 1480 more"
    assert len(lines) == 22


def test_a_duplicate_key_is_refused(embedded_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "dupe.jsonl"
    record = '{"label": "Topic", "key": "math", "props": {"name": "Math"}}'
    path.write_text(f"{record}\n{record}\n", encoding="utf-8")
    result = convene("import", str(path), env=embedded_env)
    assert result.returncode == 2
    assert "duplicate key" in result.stderr
    assert stats(embedded_env)["nodes"]["Topic"] == 0


def test_skip_invalid_writes_the_valid_records(
    embedded_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"label": "Topic", "key": "math", "props": {"name": "Math"}}\n{oops\n', encoding="utf-8"
    )
    result = convene("import", "--skip-invalid", str(path), env=embedded_env)
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr
    assert stats(embedded_env)["nodes"]["Topic"] == 1


def test_an_unreachable_neo4j_is_one_clear_line(embedded_env: dict[str, str]) -> None:
    # given a Neo4j address where nothing listens
    env = {**embedded_env, "CONVENE_STORE": "neo4j", "NEO4J_URI": "bolt://127.0.0.1:1"}
    # when
    result = convene("stats", env=env, timeout=60)
    # then
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "scripts/neo4j.sh start" in result.stderr


@pytest.mark.neo4j
def test_wrong_neo4j_credentials_are_one_clear_line(
    embedded_env: dict[str, str], neo4j_store: object
) -> None:
    env = {**embedded_env, **neo4j_env(), "NEO4J_PASSWORD": "not-the-password"}
    result = convene("stats", env=env, timeout=60)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "NEO4J_PASSWORD" in result.stderr


def test_production_with_the_default_neo4j_password_refuses_to_start(
    embedded_env: dict[str, str],
) -> None:
    # given the production profile, the Neo4j store and no NEO4J_PASSWORD of its own
    env = {**embedded_env, "CONVENE_PROFILE": "production", "CONVENE_STORE": "neo4j"}
    # when the service is asked to start
    result = convene("serve", "--port", "0", env=env, timeout=60)
    # then it stops with one line naming the variable to set, and a non-zero exit
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "NEO4J_PASSWORD" in result.stderr


def test_an_unknown_store_kind_is_a_settings_error(embedded_env: dict[str, str]) -> None:
    result = convene("stats", env={**embedded_env, "CONVENE_STORE": "sqlite"})
    assert result.returncode == 2
    assert "CONVENE_STORE" in result.stderr


def test_export_round_trips_through_import(embedded_env: dict[str, str], tmp_path: Path) -> None:
    # given a seeded store
    assert convene("seed", env=embedded_env).returncode == 0
    exported = tmp_path / "network.jsonl"
    # when the network is exported and imported into an empty store
    result = convene("export", "--format", "jsonl", "--out", str(exported), env=embedded_env)
    other = {**embedded_env, "CONVENE_DATA_DIR": str(tmp_path / "other")}
    imported = convene("import", str(exported), env=other)
    # then the new store holds the exported network, without emails
    assert result.returncode == 0, result.stderr
    assert imported.returncode == 0, imported.stderr
    assert "@example.org" not in exported.read_text(encoding="utf-8")
    assert stats(other)["nodes"]["Cohort"] == stats(embedded_env)["nodes"]["Cohort"]
    assert 0 < stats(other)["nodes"]["Person"] < stats(embedded_env)["nodes"]["Person"]


def canonical(path: Path) -> list[str]:
    """The records of a JSON Lines file, each with its keys sorted, in sorted order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return sorted(json.dumps(json.loads(line), sort_keys=True) for line in lines)


def test_a_csv_export_round_trips_through_import(
    embedded_env: dict[str, str], tmp_path: Path
) -> None:
    # given a seeded store exported as CSV (a zip of nodes.csv and edges.csv) and JSON Lines
    assert convene("seed", env=embedded_env).returncode == 0
    exported = tmp_path / "network.zip"
    result = convene("export", "--format", "csv", "--out", str(exported), env=embedded_env)
    assert result.returncode == 0, result.stderr
    # when the CSV is imported into an empty store
    other = {**embedded_env, "CONVENE_DATA_DIR": str(tmp_path / "other")}
    imported = convene("import", str(exported), env=other)
    # then the new store exports the same network, counts and properties alike
    assert imported.returncode == 0, imported.stderr
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert (
        convene("export", "--format", "jsonl", "--out", str(first), env=embedded_env).returncode
        == 0
    )
    assert convene("export", "--format", "jsonl", "--out", str(second), env=other).returncode == 0
    assert canonical(second) == canonical(first)


@pytest.mark.slow
def test_an_import_killed_half_way_leaves_a_consistent_store_and_a_rerun_finishes_it(
    embedded_env: dict[str, str], tmp_path: Path
) -> None:
    # given a synthetic network and the store a clean import of it gives
    network = tmp_path / "network.jsonl"
    made = convene("synth", "--people", "3000", "--out", str(network), env=embedded_env)
    assert made.returncode == 0, made.stderr
    clean = {**embedded_env, "CONVENE_DATA_DIR": str(tmp_path / "clean")}
    assert convene("import", str(network), env=clean).returncode == 0
    expected = stats(clean)
    for delay in (0.5, 1.5, 3.0):
        # (its temporary files, which a killed process cannot remove, stay in tmp_path)
        env = {
            **embedded_env,
            "CONVENE_DATA_DIR": str(tmp_path / f"killed-{delay}"),
            "TMPDIR": str(tmp_path),
        }
        # when an import is killed with SIGKILL part of the way through
        child = subprocess.Popen(
            [sys.executable, "-m", "cli", "import", str(network)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        child.kill()
        child.wait()
        # then the store holds nothing or everything, and a re-run gives the clean result
        counts = stats(env)
        empty = not any(counts["nodes"].values()) and not any(counts["relationships"].values())
        assert empty or counts == expected
        assert convene("import", str(network), env=env).returncode == 0
        assert stats(env) == expected


def initial_env(embedded_env: dict[str, str]) -> dict[str, str]:
    """The Neo4j of the test run as `import --initial` reaches it: through its script's
    home (CONVENE_NEO4J_HOME, or where scripts/neo4j.sh keeps it in this checkout)."""
    home = os.environ.get("CONVENE_NEO4J_HOME") or str(ROOT / ".convene" / "neo4j")
    return {**embedded_env, **neo4j_env(), "CONVENE_NEO4J_HOME": home}


@pytest.mark.neo4j
@pytest.mark.slow
def test_initial_import_gives_neo4j_the_counts_of_the_embedded_store(
    embedded_env: dict[str, str], neo4j_store: GraphStore, tmp_path: Path
) -> None:
    # given a synthetic network, an empty Neo4j and the embedded store's import of it
    network = tmp_path / "network.jsonl"
    made = convene("synth", "--people", "1000", "--out", str(network), env=embedded_env)
    assert made.returncode == 0, made.stderr
    assert convene("import", str(network), env=embedded_env).returncode == 0
    neo4j_store.clear()
    before = neo4j_store.data_version()
    env = initial_env(embedded_env)
    # when it is loaded into Neo4j by the bulk importer
    result = convene("import", "--initial", str(network), env=env, timeout=600)
    # then Neo4j holds the same counts, is searchable, and readers see a new version;
    # the command said how long each step took
    assert result.returncode == 0, result.stderr
    assert re.search(r"in [\d.]+ s \(checks and CSV files [\d.]+ s, neo4j-admin", result.stderr)
    assert stats(env) == stats(embedded_env)
    assert neo4j_store.search("educational")
    assert neo4j_store.data_version() == before + 1
    assert neo4j_store.changes_since(before) is None
    # and neo4j-admin's report is in the server's logs
    assert (Path(env["CONVENE_NEO4J_HOME"]) / "logs" / "import.report").exists()
    # and writes through the store keep the keys unique
    again = WriteBatch()
    again.create_nodes([next(iter(neo4j_store.iter_nodes([Label.TOPIC])))])
    with pytest.raises(AlreadyExists):
        neo4j_store.apply(again)


@pytest.mark.neo4j
def test_initial_import_into_a_database_that_is_not_empty_is_one_line_and_touches_nothing(
    embedded_env: dict[str, str], neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    # given a Neo4j holding one topic
    neo4j_store.clear()
    neo4j_store.upsert_nodes([Node(Label.TOPIC, "math", {"name": "Math"})])
    version = neo4j_store.data_version()
    path = tmp_path / "input.jsonl"
    path.write_bytes(GOOD_TOPIC.replace(b"math", b"art"))
    # when an initial import is asked for
    result = convene("import", "--initial", str(path), env=initial_env(embedded_env))
    # then it is refused in one line and nothing changes
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--initial needs an empty database" in result.stderr
    assert neo4j_store.data_version() == version
    assert neo4j_store.counts().nodes.get("Topic") == 1


def test_export_to_an_unwritable_place_is_one_line(embedded_env: dict[str, str]) -> None:
    result = convene(
        "export", "--format", "graphml", "--out", "/proc/no-such/x.graphml", env=embedded_env
    )
    assert result.returncode == 1
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr


ANNOUNCEMENT = re.compile(
    r"Convene serving at http://127\.0\.0\.1:(?P<port>\d+)/graphql(?P<rest>.*)"
)


@contextmanager
def served(
    command: Sequence[str], env: dict[str, str], cwd: Path, timeout: float = 120
) -> Iterator[re.Match[str]]:
    """Run a ``convene serve`` command until its announcement line; stop it afterwards."""
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no announcement within {timeout} s:\n{''.join(seen)}")
            if line is None:
                pytest.fail(f"serve stopped ({process.wait()}) without serving:\n{''.join(seen)}")
            seen.append(line)
            match = ANNOUNCEMENT.fullmatch(line.rstrip("\n"))
            if match:
                break
        yield match
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=30)
        assert process.stderr is not None
        process.stderr.close()


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def test_serve_prints_one_line_with_the_addresses_and_serves_there(
    embedded_env: dict[str, str],
) -> None:
    # given a store and any free port (0 lets the system choose)
    env = {**embedded_env, "CONVENE_WARM_ANALYTICS": "false"}
    command = [sys.executable, "-m", "cli", "serve", "--port", "0"]
    # when the service starts
    with served(command, env, ROOT) as announced:
        port = int(announced["port"])
        status, body = get(f"http://127.0.0.1:{port}/healthz")
    # then the line names the GraphQL, playground and app addresses it really serves
    base = f"http://127.0.0.1:{port}"
    if Playground().built() and WebApp().built():
        assert announced["rest"] == f" — playground at {base}/playground — app at {base}/app/"
    else:
        assert announced["rest"] == (
            " — the web pages are not built (scripts/setup-web.sh builds them)"
        )
    assert status == 200, body


def test_serve_without_the_playground_names_only_the_api_and_app(
    embedded_env: dict[str, str],
) -> None:
    env = {**embedded_env, "CONVENE_WARM_ANALYTICS": "false", "CONVENE_PLAYGROUND": "false"}
    command = [sys.executable, "-m", "cli", "serve", "--port", "0"]
    with served(command, env, ROOT) as announced:
        base = f"http://127.0.0.1:{announced['port']}"
        if WebApp().built():
            assert announced["rest"] == f" — app at {base}/app/"
        else:
            assert "not built" in announced["rest"]


def test_a_port_in_use_is_one_clear_line_and_a_non_zero_exit(
    embedded_env: dict[str, str],
) -> None:
    # given a port another process listens on
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # when the service is asked to serve there
        result = convene("serve", "--port", str(port), env=embedded_env, timeout=60)
    # then it says so in one line, names the settings to change, and stops
    assert result.returncode == 3
    assert result.stderr == f"convene: port {port} is in use; set CONVENE_PORT or --port\n"


def test_the_port_in_use_message_names_the_port_from_the_environment(
    embedded_env: dict[str, str],
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = convene("serve", env={**embedded_env, "CONVENE_PORT": str(port)}, timeout=60)
    assert result.returncode == 3
    assert result.stderr == f"convene: port {port} is in use; set CONVENE_PORT or --port\n"


def test_a_manifest_that_cannot_be_used_is_one_clear_line(
    embedded_env: dict[str, str], tmp_path: Path
) -> None:
    # given a persisted query manifest whose key is not its document's hash
    manifest = tmp_path / "persisted-queries.json"
    manifest.write_text(json.dumps({"0" * 64: "{ __typename }"}))
    env = {**embedded_env, "CONVENE_PERSISTED_QUERIES": str(manifest)}
    # when the service is asked to serve
    result = convene("serve", "--port", "0", env=env, timeout=60)
    # then it says what is wrong with which file in one line, and stops
    assert result.returncode == 2
    assert result.stderr == (
        f"convene: persisted query manifest {manifest}: {'0' * 64!r} is not the SHA-256 "
        "of its document\n"
    )


def test_bench_help_is_the_benchmarks_own(embedded_env: dict[str, str]) -> None:
    # given a source checkout with the bench extra (the dev install)
    # when the benchmark's help is asked for through convene
    result = convene("bench", "--help", env=embedded_env)
    # then its options are listed under the convene command's name
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: convene bench")
    assert "--quick" in result.stdout and "--out" in result.stdout


def test_commands_other_than_bench_never_import_the_benchmark(
    embedded_env: dict[str, str],
) -> None:
    # given the modules of the bench extra and the benchmark itself
    probe = (
        "import sys, cli\n"
        "cli.main(['stats'])\n"
        "loaded = sorted(m for m in ('bench', 'httpx', 'matplotlib') if m in sys.modules)\n"
        "print('loaded:' + ','.join(loaded))\n"
    )
    # when a command other than bench runs
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=embedded_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then none of them was imported
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "loaded:"


def _children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _network_version(port: int) -> int | None:
    """The data version the answering worker's analytics were computed at."""
    query = urllib.parse.urlencode({"query": "{ networkStats { version } }"})
    status, body = get(f"http://127.0.0.1:{port}/graphql?{query}")
    assert status == 200, body
    answer = json.loads(body)
    assert "errors" not in answer, answer
    version: int = answer["data"]["networkStats"]["version"]
    assert answer["extensions"]["network"]["version"] == version
    return version


@pytest.mark.slow
def test_several_workers_serve_one_store_and_each_sees_every_write(
    embedded_env: dict[str, str],
) -> None:
    # given the demo network served by two worker processes
    assert convene("seed", env=embedded_env).returncode == 0
    command = [sys.executable, "-m", "cli", "serve", "--port", "0", "--workers", "2"]
    with served(command, embedded_env, ROOT) as announced:
        port = int(announced["port"])
        assert announced["rest"].endswith("(2 worker processes)")
        deadline = time.monotonic() + 90
        while True:
            try:
                if get(f"http://127.0.0.1:{port}/readyz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the workers never became ready"
            time.sleep(0.2)
        # when another process writes to the store
        store = EmbeddedStore.open(Path(embedded_env["CONVENE_DATA_DIR"]))
        try:
            version = store.upsert_nodes([Node(Label.TOPIC, "worker-test", {"name": "W"})])
        finally:
            store.close()
        # then every answer, whichever worker gives it, is computed at that version
        seen = [_network_version(port) for _ in range(20)]
        workers = _children(_server_pid(port))
    assert seen == [version] * 20
    assert len(workers) >= 2


def _server_pid(port: int) -> int:
    """The process listening on ``port`` that is the workers' parent (Linux /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                inodes.add(fields[9])
    holders = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            holders.add(int(entry.name))
    # The parent and its workers all hold the socket; the parent is the one whose
    # children hold it too.
    return next(pid for pid in holders if set(_children(pid)) & holders)


def test_a_token_for_a_person_who_does_not_exist_is_refused(
    embedded_env: dict[str, str],
) -> None:
    # Given a store that holds Ada and nobody else
    store = EmbeddedStore.open(Path(embedded_env["CONVENE_DATA_DIR"]))
    try:
        store.upsert_nodes([Node(Label.PERSON, "ada", {"name": "Ada"})])
    finally:
        store.close()
    # When tokens are asked for Ada (expiring in 30 days) and for a key nobody has
    ada = convene(
        "token",
        "create",
        "--role",
        "reader",
        "--name",
        "ada-phone",
        "--person",
        "ada",
        "--expires",
        "30d",
        env=embedded_env,
    )
    nobody = convene(
        "token",
        "create",
        "--role",
        "reader",
        "--name",
        "ghost",
        "--person",
        "nobody",
        env=embedded_env,
    )
    listed = convene("token", "list", env=embedded_env)
    # Then Ada's is made, the other refused in one line with exit code 2
    assert ada.returncode == 0, ada.stderr
    assert nobody.returncode == 2
    assert nobody.stderr.strip().splitlines() == [
        "convene: no person with key 'nobody': create the person first"
    ]
    # and the listing shows Ada's token with its expiry and that it was never used
    [line] = listed.stdout.splitlines()
    assert line.startswith("ada-phone\treader person=ada\tcreated ")
    assert "\texpires " in line and line.endswith("\tnever used")


def test_a_reader_that_stops_early_ends_the_command_quietly(embedded_env: dict[str, str]) -> None:
    # given the demo network, exported to a reader that takes one line and goes away
    assert convene("seed", env=embedded_env).returncode == 0
    with subprocess.Popen(
        [sys.executable, "-m", "cli", "export", "--format", "jsonl", "--out", "-"],
        cwd=ROOT,
        env=embedded_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline()
        child.stdout.close()
        # then the command stops with the broken pipe's status and no traceback
        errors = child.stderr.read().decode()
        assert child.wait(timeout=60) == 128 + signal.SIGPIPE, errors
        assert errors == ""
