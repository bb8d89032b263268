"""Benchmarks on the generated national data set (generate_dataset): each operation's median and
p95 time, its query count, and two ratios: to the issue's floor (the grouped facts query, or the
bare SQL of the rows a page shows) and to the operation's own reads replayed as bare SQL.

Writes are rolled back after each repetition so runs stay comparable and the data unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.congresses.deadlines import reach
from apps.congresses.facts import params_by_term
from apps.congresses.models import Congress
from apps.congresses.sweep import deadline_sweep
from apps.core.dates import local_today
from apps.notifications.models import Notification
from apps.organizations.models import Organization, Role


class Rollback(Exception):
    pass


@dataclass
class Figure:
    operation: str
    median_ms: float
    p95_ms: float
    queries: int
    floor_ms: float | None
    ratio: float | None
    own_sql_ms: float | None  # the operation's own SELECTs replayed as bare SQL
    own_ratio: float | None


FACTS_SQL = """
SELECT c.id, c.opening_date, c.is_pilot, c.term_id, o.path, o.numchild,
       circ.firsts, rep.official_date, rep.decision, rep.decided_on
FROM congresses_congress c
JOIN organizations_organization o ON o.id = c.organization_id
LEFT JOIN (
    SELECT congress_id, array_agg(kind) AS kinds, array_agg(first) AS firsts FROM (
        SELECT d.congress_id, d.kind, min(ci.official_date) AS first
        FROM documents_circulation ci
        JOIN documents_draftround r ON r.id = ci.round_id
        JOIN documents_draftdocument d ON d.id = r.document_id
        WHERE ci.to_subordinates GROUP BY d.congress_id, d.kind) k
    GROUP BY congress_id) circ ON circ.congress_id = c.id
LEFT JOIN (
    SELECT DISTINCT ON (congress_id) congress_id, official_date, decision, decided_on
    FROM congresses_superiorreport ORDER BY congress_id, submitted_at DESC, id DESC
) rep ON rep.congress_id = c.id
WHERE o.path LIKE %s
"""


def compact_notifications() -> None:
    """Rewrite the notifications table without the dead rows of earlier rolled-back runs.

    The benchmark's first-run and late-day sweeps insert 14,000 to 23,000 notices each and roll
    them back; a run leaves the table ten times its live size (97 MB for 10 MB here), and the
    sweep's sent-check reads all of it. Production never rolls back such batches, so the
    figures are taken on a table as compact as its live rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL ANALYZE {Notification._meta.db_table}")


def timed(
    fn: Callable[[], object],
    repeat: int,
    rollback: bool = False,
    prepare: Callable[[], object] | None = None,
    between: Callable[[], object] | None = None,
) -> tuple[list[float], int, list[str]]:
    """Times, the query count of the first run, and the reads (SELECTs) of the last run.
    `prepare` runs untimed before each run, inside the rolled-back transaction; `between`
    untimed after each run (the floor query, interleaved)."""
    samples, queries, reads = [], 0, []

    def run() -> CaptureQueriesContext:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - started) * 1000)
        return ctx

    for i in range(repeat):
        if rollback:
            try:
                with transaction.atomic():
                    if prepare:
                        prepare()
                    ctx = run()
                    raise Rollback
            except Rollback:
                pass
        else:
            ctx = run()
        statements = [
            q["sql"]
            for q in ctx.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
        ]
        if i == 0:
            queries = len(statements)
        reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        if between:
            between()
    return samples, queries, reads


def own_sql(reads: list[str], repeat: int) -> float | None:
    """The operation's own reads replayed as bare SQL (as sent, then fetched, no Python on the
    rows): what the database and the driver alone cost, the floor of these very reads."""
    if not reads:
        return None
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in reads:
                cursor.execute(sql)
                cursor.fetchall()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def floor_once(sql: str, params: list) -> float:
    """One run of the floor query, in ms. The benchmark runs it between the operation's own
    runs (see add() in handle()): on these shared machines the speed drifts by a third within
    a minute, and a floor measured before or after the operation moves the ratio with it."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000


class Command(BaseCommand):
    help = "Đo hiệu năng trên dữ liệu sinh bởi generate_dataset (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--prefix", default="G")
        parser.add_argument("--skip-import", action="store_true")
        parser.add_argument(
            "--skip-pdf", action="store_true", help="bỏ qua báo cáo PDF (quy mô 300.000)"
        )
        parser.add_argument(
            "--import-committees",
            type=int,
            default=30,
            help="số đảng ủy cơ sở mỗi tỉnh trong tệp nhập thử (30: 13.294 tổ chức)",
        )

    def handle(self, *args, **o):
        if connection.vendor != "postgresql":
            raise CommandError("Chạy benchmark trên PostgreSQL (DATABASE_URL).")
        prefix, repeat = o["prefix"], o["repeat"]
        root = Organization.objects.filter(code=f"{prefix}CATW").first()
        if root is None:
            raise CommandError("Chưa có dữ liệu: chạy manage.py generate_dataset trước.")
        province = Organization.objects.get(code=f"{prefix}00")
        today = local_today()
        figures: list[Figure] = []

        def add(name, fn, floor_sql=None, params=(), rollback=False, reps=repeat, prepare=None):
            floors: list[float] = []
            between = None
            if floor_sql:
                floor_once(floor_sql, list(params))  # warm-up, not counted

                def between():
                    floors.append(floor_once(floor_sql, list(params)))

            samples, queries, reads = timed(fn, reps, rollback, prepare, between)
            while floor_sql and len(floors) < 11:  # a floor moved by half over 7 runs here
                between()
            med = statistics.median(samples)
            p95 = sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]
            fl = statistics.median(floors) if floors else None
            own = own_sql(reads, max(reps, 3))
            figures.append(
                figure := Figure(
                    name,
                    round(med, 1),
                    round(p95, 1),
                    queries,
                    round(fl, 1) if fl else None,
                    round(med / fl, 1) if fl else None,
                    round(own, 1) if own else None,
                    round(med / own, 1) if own else None,
                )
            )
            if not o["json"]:  # each line as soon as it is measured: a long run keeps its figures
                self.stdout.write(_row(astuple(figure)))
                self.stdout.flush()

        if not o["json"]:
            head = ("operation", "median ms", "p95 ms", "queries", "floor ms", "ratio", "own SQL")
            self.stdout.write(_row((*head, "ratio")))
        count = Congress.objects.count()
        compact_notifications()
        tree_floor = (FACTS_SQL, [f"{root.path}%"])
        add(
            f"deadline sweep, first run of the day ({count} congresses; rolled back)",
            lambda: deadline_sweep(today=today),
            *tree_floor,
            rollback=True,
            reps=1,
            # nothing sent yet, whatever ran earlier today: the day's notifications, if any,
            # are removed inside the rolled-back transaction, before the clock starts
            prepare=lambda: Notification.objects.filter(key__startswith="congress:").delete(),
        )
        deadline_sweep(today=today)  # the day's notifications now exist: reruns create none
        compact_notifications()
        add(
            "deadline sweep, rerun (0 new notifications)",
            lambda: deadline_sweep(today=today),
            *tree_floor,
        )
        # The worst day: late in the season every congress not yet opened is within reach of a
        # notice (deadlines.reach), so the sweep evaluates all of them. That day's notices are
        # created and committed first, as a day's sweep would have left them (rows written by
        # the measuring transaction itself cost PostgreSQL a visibility check each), and are
        # deleted afterwards.
        late = self._day_with_everything_in_reach(today)
        started = timezone.now()
        deadline_sweep(today=late)
        compact_notifications()
        add(
            f"deadline sweep, rerun on {late:%d/%m/%Y} (every congress in reach)",
            lambda: deadline_sweep(today=late),
            *tree_floor,
        )
        Notification.objects.filter(created_at__gte=started).delete()
        compact_notifications()
        add(
            "congress_status --format json, whole tree (in process)",
            lambda: call_command("congress_status", "--format", "json", stdout=io.StringIO()),
            *tree_floor,
        )
        central = self._user(root, Role.STANDING_MEMBER)
        provincial = self._user(province, Role.STANDING_MEMBER)
        root_client, province_client = Client(), Client()
        root_client.force_login(central)
        province_client.force_login(provincial)
        add(
            "dashboard of the root",
            lambda: self._get(root_client, f"/congresses/org/{root.code}/?term=2025-2030"),
            FACTS_SQL,
            [f"{root.path}%"],
        )
        add(
            "dashboard of one province",
            lambda: self._get(province_client, f"/congresses/org/{province.code}/?term=2025-2030"),
            FACTS_SQL,
            [f"{province.path}%"],
        )
        congress = Congress.objects.filter(organization=province).first()
        add("congress page", lambda: self._get(province_client, f"/congresses/{congress.pk}/"))
        add(
            "expand a tree node (province)",
            lambda: self._get(province_client, f"/org/{province.code}/children/"),
            "SELECT id, code, name FROM organizations_organization "
            "WHERE path LIKE %s AND depth = %s",
            [f"{province.path}%", province.depth + 1],
        )
        add(
            "superior inbox (root standing member)",
            lambda: self._get(root_client, "/congresses/inbox/"),
            "SELECT s.id FROM congresses_superiorreport s "
            "WHERE s.decision = 'pending' ORDER BY s.submitted_at",
            [],
        )
        from apps.reports.builders import build_progress
        from apps.reports.rendering import render_pdf

        def progress_pdf():
            built = build_progress(province, user=provincial, number=None, day=today)
            return render_pdf(built.template, built.context)

        size = Congress.objects.filter(organization__path__startswith=province.path).count() - 1
        if not o["skip_pdf"]:
            add(
                f"progress-report PDF of one province ({size} congresses)",
                progress_pdf,
                reps=3,
            )
        if not o["skip_import"]:
            committees = o["import_committees"]
            add(
                f"import {1 + 63 * (1 + committees * 7):,} organisations (rolled back)",
                lambda: self._import(committees),
                rollback=True,
                reps=1,
            )
        if o["json"]:
            self.stdout.write(
                json.dumps([asdict(f) for f in figures], ensure_ascii=False, indent=2)
            )
            return

    @staticmethod
    def _day_with_everything_in_reach(today: dt.date) -> dt.date:
        last_opening = Congress.objects.aggregate(last=Max("opening_date"))["last"] or today
        rule_sets = params_by_term().values()  # read once, not once per day tried
        day = today
        while any(reach(p, day) < last_opening for p in rule_sets):
            day += dt.timedelta(days=1)
        return day

    @staticmethod
    def _user(org, role):
        from apps.organizations.models import Membership

        return (
            Membership.objects.filter(organization=org, role=role)
            .select_related("user")
            .first()
            .user
        )

    @staticmethod
    def _get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return response

    @staticmethod
    def _import(committees: int):
        import csv

        from apps.organizations.importing import import_organizations

        out = io.StringIO()
        out.write("code,parent_code,name,short_name,kind\n")
        writer = csv.writer(out)
        writer.writerow(["BIMP", "", "Gốc", "", "central"])
        for p in range(63):
            writer.writerow([f"BIMP{p}", "BIMP", f"Tỉnh {p}", "", "above_grassroots"])
            for c in range(committees):
                writer.writerow(
                    [f"BIMP{p}-{c}", f"BIMP{p}", f"Đảng bộ {c}", "", "grassroots_committee"]
                )
                for k in range(6):
                    writer.writerow(
                        [
                            f"BIMP{p}-{c}-{k}",
                            f"BIMP{p}-{c}",
                            f"Chi bộ {k}",
                            "",
                            "cell_under_committee",
                        ]
                    )
        result = import_organizations(out.getvalue().encode(), "bench.csv")
        expected = 1 + 63 * (1 + committees * 7)
        assert result.ok and result.created == expected, (result.created, result.errors[:3])


def _row(cells) -> str:
    name, *numbers = ("—" if c is None else c for c in cells)
    return f"{name:<72}" + "".join(f"{n:>10}" for n in numbers)
