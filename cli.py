"""The ``convene`` command.

``convene seed`` loads the demo network, ``convene stats`` counts it, ``convene serve``
runs the API, ``convene import`` loads a JSON Lines file, ``convene token`` manages API
tokens. Errors are one clear line on stderr and a non-zero exit, never a traceback.

``convene bench`` is the exception to a plain install: the benchmark lives in a source
checkout (``bench/``, kept out of the wheel) and needs the ``bench`` extra, so it is
imported only when that command runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import orjson

from graph.factory import open_store
from graph.importer import ImportRefused, ImportReport, load_files
from graph.store import GraphStore, StoreError
from settings import Settings, SettingsError

EXIT_INPUT = 2
EXIT_UNAVAILABLE = 3

Progress = Callable[[int, int], None]


class CommandError(Exception):
    """A failure to report as one line, with an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress_bars() -> Iterator[Callable[[str, str], Progress]]:
    """Progress callbacks, one per phase (``phase(description, unit)``), that draw bars
    with their rate and time left on a terminal and stay quiet elsewhere (a pipe, a
    log, CI)."""
    if not _interactive():
        yield lambda description, unit: lambda done, total: None
        return
    from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bars

    with Bars(
        "[progress.description]{task.description}",
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        transient=True,
    ) as bars:

        def phase(description: str, unit: str) -> Progress:
            task = bars.add_task(description, total=None, rate="")

            def update(done: int, total: int) -> None:
                speed = bars.tasks[task].speed or 0.0
                rate = f"{speed / 1e6:,.1f} MB/s" if unit == "bytes" else f"{speed:,.0f} {unit}/s"
                bars.update(task, completed=done, total=total, rate=rate)

            return update

        yield phase


@contextmanager
def progress_bar(description: str) -> Iterator[Progress]:
    """One progress callback (see :func:`progress_bars`), counting records."""
    with progress_bars() as phase:
        yield phase(description, "records")


@contextmanager
def opened_store(settings: Settings) -> Iterator[GraphStore]:
    """The configured store, closed afterwards."""
    store = open_store(
        settings.store,
        data_dir=settings.data_dir,
        neo4j_uri=settings.neo4j_uri,
        neo4j_user=settings.neo4j_user,
        neo4j_password=settings.neo4j_password,
    )
    try:
        yield store
    finally:
        store.close()


SHOWN_ERRORS = 20


def refusal(refused: ImportRefused) -> str:
    """The message for refused input: how many records, the first few, how many more.

    >>> from graph.records import RecordError
    >>> errors = [RecordError("a.jsonl", n, "", "json", "not valid JSON") for n in (1, 2)]
    >>> print(refusal(ImportRefused(errors, total=30)))
    refused 30 invalid record(s); nothing was written:
    a.jsonl:1: json: not valid JSON
    a.jsonl:2: json: not valid JSON
    ... and 28 more
    """
    shown = refused.errors[:SHOWN_ERRORS]
    lines = [str(e) for e in shown]
    if refused.total > len(shown):
        lines.append(f"... and {refused.total - len(shown)} more")
    return f"refused {refused.total} invalid record(s); nothing was written:\n" + "\n".join(lines)


def _load(settings: Settings, paths: Sequence[Path], skip_invalid: bool) -> ImportReport:
    with opened_store(settings) as store, progress_bars() as phase:
        try:
            return load_files(
                store,
                paths,
                skip_invalid=skip_invalid,
                on_check=phase("Checking records", "bytes"),
                on_progress=phase("Writing records", "records"),
            )
        except ImportRefused as refused:
            raise CommandError(refusal(refused), EXIT_INPUT) from None


def cmd_seed(args: argparse.Namespace, settings: Settings) -> None:
    from data import demo_files

    paths = sorted(Path(args.source).glob("*.jsonl")) if args.source else demo_files()
    if not paths:
        raise CommandError(f"no .jsonl files in {args.source}", EXIT_INPUT)
    report = _load(settings, paths, skip_invalid=False)
    print(
        f"seeded {report.nodes} nodes and {report.relationships} relationships "
        f"into the {settings.store} store",
        file=sys.stderr,
    )


NEO4J_SCRIPT = Path(__file__).resolve().parent / "scripts" / "neo4j.sh"


def _local_bolt_port(settings: Settings) -> int:
    """The Bolt port of the local Neo4j that scripts/neo4j.sh runs, which must be the
    one NEO4J_URI names."""
    home = settings.local_neo4j_home
    conf = home / "conf" / "neo4j.conf"
    if not NEO4J_SCRIPT.is_file():
        raise CommandError(
            "--initial runs scripts/neo4j.sh of a source checkout; it is not here", EXIT_INPUT
        )
    if not conf.is_file():
        raise CommandError(
            f"--initial needs the local Neo4j of scripts/neo4j.sh, and {home} holds none: "
            "start it with scripts/neo4j.sh start, or set CONVENE_NEO4J_HOME",
            EXIT_INPUT,
        )
    listen = [
        line
        for line in conf.read_text().splitlines()
        if line.startswith("server.bolt.listen_address=")
    ]
    port = int(listen[-1].rsplit(":", 1)[1]) if listen else 7687
    wanted = urllib.parse.urlsplit(settings.neo4j_uri)
    if wanted.hostname not in ("127.0.0.1", "localhost") or (wanted.port or 7687) != port:
        raise CommandError(
            f"--initial replaces the local Neo4j in {home} (bolt port {port}), but NEO4J_URI "
            f"is {settings.neo4j_uri}: point NEO4J_URI or CONVENE_NEO4J_HOME at the same server",
            EXIT_INPUT,
        )
    return port


def _initial(
    settings: Settings, paths: Sequence[Path], skip_invalid: bool, phases: dict[str, float]
) -> ImportReport:
    """Load an empty Neo4j database with neo4j-admin's bulk importer; ``phases`` is
    told how long each step took."""
    from graph.importer import check_files
    from graph.neo4j.admin_import import write_import_files
    from graph.neo4j.store import Neo4jStore

    if settings.store != "neo4j":
        raise CommandError(
            "--initial is for the Neo4j store (CONVENE_STORE=neo4j); the embedded store "
            "loads an empty database in one transaction by itself",
            EXIT_INPUT,
        )
    port = _local_bolt_port(settings)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="convene-admin-import-") as folder:
        with opened_store(settings) as store:
            counts = store.counts()
            nodes, rels = sum(counts.nodes.values()), sum(counts.relationships.values())
            if nodes or rels:
                raise CommandError(
                    f"--initial needs an empty database; {settings.neo4j_uri} holds {nodes} "
                    f"nodes and {rels} relationships (import without --initial to add to it)",
                    EXIT_INPUT,
                )
            previous = store.data_version()
            with progress_bars() as phase:
                checking = phase("Checking records", "bytes")
                try:
                    with check_files(
                        store, paths, skip_invalid=skip_invalid, on_check=checking
                    ) as checked:
                        files = write_import_files(
                            Path(folder), checked.read_nodes(), checked.read_relationships()
                        )
                        report = ImportReport(
                            files.nodes, files.relationships, checked.errors, None, checked.invalid
                        )
                except ImportRefused as refused:
                    raise CommandError(refusal(refused), EXIT_INPUT) from None
        env = {
            **os.environ,
            "CONVENE_NEO4J_HOME": str(settings.local_neo4j_home.resolve()),
            "NEO4J_BOLT_PORT": str(port),
            "NEO4J_PASSWORD": settings.neo4j_password,
        }
        env.pop("NEO4J_HTTP_PORT", None)
        phases["checks and CSV files"] = time.perf_counter() - started
        started = time.perf_counter()
        done = subprocess.run(
            ["bash", str(NEO4J_SCRIPT), "import", *files.arguments()],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-20:]
        raise CommandError("the bulk import failed:\n" + "\n".join(tail), EXIT_UNAVAILABLE)
    phases["neo4j-admin, server stopped and started"] = time.perf_counter() - started
    started = time.perf_counter()
    with opened_store(settings) as store:
        assert isinstance(store, Neo4jStore)
        report.version = store.mark_replaced(previous)
    phases["constraints and indexes"] = time.perf_counter() - started
    return report


def cmd_import(args: argparse.Namespace, settings: Settings) -> None:
    paths = [Path(p) for p in args.files]
    started = time.perf_counter()
    phases: dict[str, float] = {}
    if args.initial:
        report = _initial(settings, paths, skip_invalid=args.skip_invalid, phases=phases)
    else:
        report = _load(settings, paths, skip_invalid=args.skip_invalid)
    took = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())
    print(
        f"imported {report.nodes} nodes and {report.relationships} relationships in "
        f"{time.perf_counter() - started:.1f} s" + (f" ({took})" if took else ""),
        file=sys.stderr,
    )
    for error in report.errors[:SHOWN_ERRORS]:
        print(f"skipped {error}", file=sys.stderr)
    if report.invalid > SHOWN_ERRORS:
        print(f"skipped {report.invalid - SHOWN_ERRORS} more invalid records", file=sys.stderr)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> None:
    with opened_store(settings) as store:
        counts = store.counts().as_json()
    if args.json:
        sys.stdout.write(orjson.dumps(counts, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for section in ("nodes", "relationships"):
        print(f"{section}:")
        for name, count in counts[section].items():
            print(f"  {name:<16} {count:>9}")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    import server

    overrides: dict[str, object] = {}
    if args.host:
        overrides["host"] = args.host
    if args.port is not None:
        overrides["port"] = args.port
    with opened_store(settings):
        pass  # fail here, in one line, when the store cannot be opened
    server.load_persisted_queries(settings)  # and here when a manifest cannot be used
    if args.workers < 1:
        raise CommandError("--workers must be at least 1", EXIT_INPUT)
    if args.workers > 1:
        # Worker processes read their settings from the environment.
        if args.host:
            os.environ["CONVENE_HOST"] = args.host
        if args.port is not None:
            os.environ["CONVENE_PORT"] = str(args.port)
    try:
        server.run(settings.with_overrides(**overrides), workers=args.workers)
    except server.ServeError as error:
        raise CommandError(str(error), EXIT_UNAVAILABLE) from None


def cmd_token(args: argparse.Namespace, settings: Settings) -> None:
    from access import tokens

    try:
        _token_command(args, settings)
    except tokens.TokenError as error:
        raise CommandError(error.message, EXIT_INPUT) from None


def _token_command(args: argparse.Namespace, settings: Settings) -> None:
    from access import tokens
    from access.viewer import AccessRole

    if args.token_command == "create":
        expires_at = None if args.expires is None else tokens.parse_expiry(args.expires)
        if args.person is not None:
            _require_person(settings, args.person)
        secret = tokens.create_token(
            settings.data_dir,
            AccessRole(args.role),
            args.name,
            person_key=args.person,
            expires_at=expires_at,
        )
        print(secret)
        until = "" if expires_at is None else f", expires {expires_at.isoformat()}"
        print(
            f"token {args.name!r} ({args.role}{until}) created; it is shown only once",
            file=sys.stderr,
        )
    elif args.token_command == "list":
        for token in tokens.list_tokens(settings.data_dir):
            person = f" person={token.person_key}" if token.person_key else ""
            if token.expires_at is None:
                expiry = "never expires"
            else:
                expiry = f"{'expired' if token.expired else 'expires'} {token.expires_at}"
            used = f"last used {token.last_used_at}" if token.last_used_at else "never used"
            print(
                f"{token.name}\t{token.role}{person}\tcreated {token.created_at}\t{expiry}\t{used}"
            )
    else:
        tokens.revoke_token(settings.data_dir, args.name)
        print(f"token {args.name!r} revoked", file=sys.stderr)


def _require_person(settings: Settings, key: str) -> None:
    """Refuse a token for a person the store does not hold: whoever were created later
    with that key would be exposed to the token's holder."""
    from graph.model import InvalidInput, Label, NodeRef
    from graph.validation import validate_key

    try:
        validate_key(key, "person")
    except InvalidInput as error:
        raise CommandError(f"person key {error.message}", EXIT_INPUT) from None
    with opened_store(settings) as store:
        found = store.get_nodes([NodeRef(Label.PERSON, key)])[0]
    if found is None:
        raise CommandError(f"no person with key {key!r}: create the person first", EXIT_INPUT)


def cmd_export(args: argparse.Namespace, settings: Settings) -> None:
    from graph.export.formats import parse_format, write_export

    fmt = parse_format(args.format)
    with opened_store(settings) as store:
        if args.out == "-":
            summary = write_export(store, fmt, sys.stdout.buffer)
        else:
            out = Path(args.out)
            partial = out.with_name(out.name + ".partial")
            try:
                with partial.open("wb") as handle:
                    summary = write_export(store, fmt, handle)
                partial.replace(out)
            except OSError as error:
                partial.unlink(missing_ok=True)
                raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
    print(
        f"exported {summary.nodes} nodes and {summary.relationships} relationships "
        f"as {fmt.value} to {args.out}",
        file=sys.stderr,
    )


def cmd_synth(args: argparse.Namespace, settings: Settings) -> None:
    from data.synth import load_network, write_network

    if args.load:
        with opened_store(settings) as store, progress_bar("Writing records") as progress:
            summary = load_network(store, args.people, args.seed, on_progress=progress)
        where = f"into the {settings.store} store"
    else:
        try:
            with progress_bar("Generating records") as progress:
                summary = write_network(
                    Path(args.out), args.people, args.seed, on_progress=progress
                )
        except OSError as error:
            raise CommandError(f"cannot write {args.out}: {error.strerror or error}") from None
        where = f"to {args.out}"
    print(
        f"generated {summary.total_nodes} nodes and {summary.total_relationships} "
        f"relationships {where}",
        file=sys.stderr,
    )


def _benchmark() -> ModuleType:
    """``bench.main``, or a one-line error saying what to install."""
    try:
        bench = importlib.import_module("bench")
    except ModuleNotFoundError as error:
        if error.name != "bench":
            raise
        # the wheel leaves the benchmark out; an editable install of a checkout has it
        raise CommandError(
            "bench runs from a source checkout of Convene: pip install -e '.[bench]' there",
            EXIT_INPUT,
        ) from None
    missing = bench.missing_modules()
    if missing:
        raise CommandError(
            f"bench needs the bench extra ({', '.join(missing)} missing): "
            "pip install -e '.[bench]'",
            EXIT_INPUT,
        )
    return importlib.import_module("bench.main")


def cmd_bench(args: argparse.Namespace, settings: Settings) -> None:
    bench = _benchmark()
    options = bench.build_parser(prog="convene bench").parse_args(args.bench_args)
    bench.print_summary(bench.run(bench.options_from_args(options)))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``convene`` command."""
    parser = argparse.ArgumentParser(
        prog="convene", description="Convene: the education innovation network service."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    seed = commands.add_parser("seed", help="load the demo network (idempotent)")
    seed.add_argument("--source", help="a folder of .jsonl files instead of the demo data")
    seed.set_defaults(run=cmd_seed)

    stats = commands.add_parser("stats", help="count nodes and relationships")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(run=cmd_stats)

    imp = commands.add_parser(
        "import", help="load JSON Lines files, or nodes.csv / edges.csv (or a zip of them)"
    )
    imp.add_argument("files", nargs="+", help="the .jsonl, .csv or .zip files")
    imp.add_argument(
        "--initial",
        action="store_true",
        help="Neo4j only: load an empty database with neo4j-admin's bulk importer "
        "(stops and starts the local server of scripts/neo4j.sh)",
    )
    imp.add_argument(
        "--skip-invalid", action="store_true", help="write valid records, report the rest"
    )
    imp.set_defaults(run=cmd_import)

    export = commands.add_parser(
        "export", help="export the network for Gephi, Cytoscape, igraph or NetworkX"
    )
    export.add_argument(
        "--format",
        required=True,
        choices=["graphml", "gexf", "cytoscape", "node-link", "csv", "jsonl"],
        help="csv writes a zip of nodes.csv and edges.csv; jsonl is the import format",
    )
    export.add_argument("--out", required=True, help="the file to write, or - for stdout")
    export.set_defaults(run=cmd_export)

    serve = commands.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host", help="interface to listen on (default from CONVENE_HOST)")
    serve.add_argument("--port", type=int, help="port (default from CONVENE_PORT)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the port (default 1); each keeps its own analytics",
    )
    serve.set_defaults(run=cmd_serve)

    token = commands.add_parser("token", help="manage API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="create a token (printed once)")
    create.add_argument("--role", required=True, choices=["reader", "editor", "admin"])
    create.add_argument("--name", required=True, help="a name to recognise the token by")
    create.add_argument("--person", help="the key of an existing person the token belongs to")
    create.add_argument(
        "--expires",
        help="when the token stops working: a duration (90m, 12h, 30d, 2w) or an ISO date",
    )
    token_commands.add_parser("list", help="list tokens (never their secrets)")
    revoke = token_commands.add_parser("revoke", help="revoke a token")
    revoke.add_argument("--name", required=True)
    token.set_defaults(run=cmd_token)

    synth = commands.add_parser("synth", help="generate a synthetic network of any size")
    synth.add_argument("--people", type=int, required=True, help="how many people (1k-1M)")
    synth.add_argument("--seed", type=int, default=1, help="same seed, same bytes")
    target = synth.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="the JSON Lines file to write")
    target.add_argument("--load", action="store_true", help="write into the configured store")
    synth.set_defaults(run=cmd_synth)

    # The benchmark parses its own options (bench/main.py) when it runs, so that the
    # other commands never import it: every word after `bench` is handed on as is
    # (no prefix character marks an option here, so none is taken for one).
    benchmark = commands.add_parser(
        "bench",
        help="measure Convene against same-run baselines (source checkout, bench extra)",
        add_help=False,
        prefix_chars="\0",
    )
    benchmark.add_argument("bench_args", nargs="*", help="see convene bench --help")
    benchmark.set_defaults(run=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        args.run(args, settings)
    except SettingsError as error:
        print(f"convene: {error}", file=sys.stderr)
        return EXIT_INPUT
    except CommandError as error:
        print(f"convene: {error}", file=sys.stderr)
        return error.code
    except StoreError as error:
        code = EXIT_UNAVAILABLE if error.code == "UNAVAILABLE" else 1
        print(f"convene: {error.message}", file=sys.stderr)
        return code
    except ValueError as error:  # InvalidInput and friends
        print(f"convene: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("convene: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`convene export --out - | head`): stop quietly as Unix
        # tools do; stdout goes to /dev/null so that flushing it at exit stays quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    return 0


if __name__ == "__main__":
    sys.exit(main())
