"""Import three years of monthly ESG data for 200 sites and 60 metrics (432,000 values).

Target: the import under 30 s on SQLite (one transaction, bulk Core inserts; each distinct
unit string is parsed once). The file is a CSV written here with a fixed seed: 200 sites x
60 metrics (33 of the HKEX catalogue that are entered by month, the rest organisation metrics)
x 12 months x FY2023-FY2025, with units mixed as people enter them (MWh and kWh, kg and t,
tonnes of water, litres). The import runs in a child process on a fresh, migrated SQLite
database whose organisation, years and custom metrics are set up before the clock starts;
the time covers reading, checking every row, converting units, writing the values and their
history, and the commit. Exits 1 when the target is missed.

    .venv/bin/python benchmarks/esg_data_import.py [--sites N --metrics N]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from results import (
    add_child_option,
    database_url,
    measured_here,
    measured_in_child,
    migrated,
    print_table,
    save,
    scratch_folder,
    send_to_parent,
)

from supplyesg.db.session import Database
from supplyesg.domain.metrics import Metric, Quantity
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import esg_catalogue, esg_organisation
from supplyesg.services.esg_import import import_values

SEED = 2026
SITES = 200
METRICS = 60
YEARS = (2023, 2024, 2025)
TARGET_SECONDS = 30.0
COLUMNS = ("entity", "metric", "period", "value", "unit", "source_note")

CATALOGUE_METRICS = (
    # metric, units people type, typical monthly amount in the first unit
    ("electricity_purchased", ("kWh", "MWh"), 800_000),
    ("electricity_generated_renewable", ("kWh", "MWh"), 40_000),
    ("natural_gas_stationary", ("m3", "Nm3"), 90_000),
    ("diesel_stationary", ("L", "litres"), 1_500),
    ("diesel_mobile", ("L", "litres"), 40_000),
    ("gasoline_mobile", ("L", "litres"), 5_000),
    ("lpg_stationary", ("kg", "t"), 1_200),
    ("coal_stationary", ("t", "kg"), 30),
    ("water_consumption", ("m3", "tonnes"), 25_000),
    ("wastewater_discharged", ("m3", "t"), 18_000),
    ("hazardous_waste", ("t", "kg"), 25),
    ("non_hazardous_waste", ("t", "kg"), 120),
    ("nox_emissions", ("kg", "t"), 900),
    ("sox_emissions", ("kg", "t"), 15),
    ("particulate_emissions", ("kg", "t"), 800),
    ("voc_emissions", ("kg", "t"), 1_100),
    ("packaging_material", ("t", "kg"), 40),
    ("lost_days", ("day", "days"), 10),
    ("training_hours", ("hour", "hours"), 2_000),
    ("volunteer_hours", ("hour", "hours"), 150),
    ("community_donations", ("CNY", "RMB"), 90_000),
    ("revenue", ("CNY", "MCNY"), 60_000_000),
    ("production_volume", ("vehicle", "vehicles"), 300),
    ("vehicles_sold", ("vehicle", "vehicles"), 290),
    ("vehicles_recalled", ("vehicle", "vehicles"), 1),
    ("product_complaints", ("case", "cases"), 6),
    ("corruption_cases", ("case", "cases"), 0),
    ("work_injuries", ("case", "cases"), 1),
    ("work_fatalities", ("person", "persons"), 0),
    ("employees_left", ("person", "persons"), 4),
    ("employees_trained", ("person", "persons"), 60),
    ("floor_area", ("m2", "m**2"), 50_000),
    ("workforce", ("person", "persons"), 400),
)


def custom_metrics(count: int) -> list[Metric]:
    """The organisation's own metrics that make up the count."""
    return [
        Metric(f"bench_material_{n:02d}", f"Material {n}", Quantity.MASS, "t", custom=True)
        for n in range(1, count + 1)
    ]


def write_file(path: Path, sites: int, metrics: int, rng: random.Random) -> int:
    """Write the CSV; how many rows it has."""
    chosen = [(code, units, typical) for code, units, typical in CATALOGUE_METRICS][:metrics]
    chosen += [(m.code, ("t", "kg"), 50) for m in custom_metrics(metrics - len(chosen))]
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in _rows(sites, chosen, rng):
            writer.writerow(row)
            rows += 1
    return rows


def _rows(
    sites: int, metrics: list[tuple[str, tuple[str, ...], int]], rng: random.Random
) -> Iterator[tuple[str, ...]]:
    for year in YEARS:
        for site in range(1, sites + 1):
            for code, units, typical in metrics:
                unit = units[site % 2]
                for month in range(1, 13):
                    amount = typical * rng.uniform(0.8, 1.2)
                    yield (
                        f"S{site:03d}",
                        code,
                        f"{year}-{month:02d}",
                        _typed(amount, units[0], unit),
                        unit,
                        "Monthly site return",
                    )


TYPED = {("kWh", "MWh"): 0.001, ("kg", "t"): 0.001, ("t", "kg"): 1000.0, ("CNY", "MCNY"): 1e-6}
COUNTED = frozenset({"vehicle", "case", "person"})


def _typed(amount: float, base: str, unit: str) -> str:
    """The amount written in the unit someone typed: whole counts, else three decimals."""
    value = amount * TYPED.get((base, unit), 1.0)
    return f"{round(value)}" if base in COUNTED else f"{value:.3f}"


def prepare(db: Database, sites: int, metrics: int) -> None:
    """The organisation, its years and its own metrics (not timed), in a migrated database."""
    esg_organisation.save_entity(db, ReportingEntity("GRP", "Group", EntityKind.GROUP, "CN"))
    for site in range(1, sites + 1):
        esg_organisation.save_entity(
            db, ReportingEntity(f"S{site:03d}", f"Site {site}", EntityKind.SITE, "CN", "GRP")
        )
    for year in YEARS:
        esg_organisation.add_financial_year(db, date(year, 1, 1))
    for metric in custom_metrics(max(0, metrics - len(CATALOGUE_METRICS))):
        esg_catalogue.add_custom_metric(db, metric, "benchmark")


def import_in_this_process(path: Path, url: str, sites: int, metrics: int) -> dict[str, object]:
    """Set the database up, then time the import of the file into it."""
    db = migrated(url)
    prepare(db, sites, metrics)
    result, timing = measured_here(lambda: import_values(db, path, path.name, "benchmark"))
    return {**timing, "rows": result.rows, "created": result.created}


Measure = Callable[[Path, str, int, int], dict[str, object]]
"""Work timed in the child process: (CSV file, database URL, sites, metrics) -> numbers."""


def measured_on_the_values(
    options: argparse.Namespace, script: str, measure: Measure, doing: str
) -> dict[str, object] | None:
    """Run `measure` over the generated values in a child process of the script.

    In the child (--child), measure and hand the numbers to the parent: None. In the parent,
    write the CSV, run the script again as a child on a fresh SQLite file, and return what it
    measured. `doing` says what the child does: {name}, {rows} and {mb} are the file's.
    """
    if options.child:
        path, url = options.child
        send_to_parent(measure(Path(path), url, options.sites, options.metrics))
        return None
    with scratch_folder() as folder:
        path = folder / "esg_values.csv"
        print(f"Writing {options.sites} sites x {options.metrics} metrics x 36 months...")
        rows = write_file(path, options.sites, options.metrics, random.Random(SEED))
        print(doing.format(name=path.name, rows=rows, mb=path.stat().st_size / 1e6))
        sizes = ("--sites", str(options.sites), "--metrics", str(options.metrics))
        return measured_in_child(script, *sizes, "--child", str(path), database_url(folder, "esg"))


def size_options(description: str) -> argparse.Namespace:
    """The command line of a benchmark over the generated values: --sites and --metrics."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sites", type=int, default=SITES)
    parser.add_argument("--metrics", type=int, default=METRICS)
    add_child_option(parser)
    return parser.parse_args()


def main() -> int:
    options = size_options(__doc__.splitlines()[0])
    doing = "Importing {name}: {rows:,} rows, {mb:.1f} MB..."
    measured = measured_on_the_values(options, __file__, import_in_this_process, doing)
    return 0 if measured is None else _report(measured)


def _report(measured: dict[str, object]) -> int:
    seconds = float(str(measured["seconds"]))
    ok = seconds < TARGET_SECONDS
    print()
    print_table(
        ["values", "wall time", "cpu time", "peak memory", ""],
        [
            [
                f"{measured['created']:,}",
                f"{seconds:.2f} s (< {TARGET_SECONDS:.0f})",
                f"{measured['cpu_seconds']} s",
                f"{measured['peak_mb']} MB",
                "ok" if ok else "MISSED",
            ]
        ],
    )
    print(f"\nSaved to {save('esg_data_import', measured)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
