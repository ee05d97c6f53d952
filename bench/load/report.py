"""Prints the load test's figures from locust's CSV files: per endpoint the
requests, failures, median and 95th percentile; the throughput; the errors; and
whether p95 stayed under a second everywhere (the goal, reported, never tuned for).

    python bench/load/report.py PREFIX   (locust --csv PREFIX)"""

import csv
import sys

GOAL_P95_MS = 1000


def main(prefix):
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    endpoints = [row for row in rows if row["Name"] != "Aggregated"]
    print(f"{'endpoint':<36} {'requests':>8} {'failed':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for row in sorted(endpoints, key=lambda row: -int(row["Request Count"])):
        print(
            f"{row['Type'] + ' ' + row['Name']:<36.36} {row['Request Count']:>8} "
            f"{row['Failure Count']:>6} {row['50%']:>7} {row['95%']:>7}"
        )
    print(
        f"{'all':<36} {total['Request Count']:>8} {total['Failure Count']:>6} "
        f"{total['50%']:>7} {total['95%']:>7}"
    )
    print(f"Throughput: {float(total['Requests/s']):.1f} requests/s")
    with open(f"{prefix}_failures.csv", newline="") as file:
        failures = list(csv.DictReader(file))
    for failure in failures:
        print(
            f"Error x{failure['Occurrences']}: {failure['Method']} {failure['Name']}: "
            f"{failure['Error']}"
        )
    slow = [row["Name"] for row in endpoints if _ms(row["95%"]) >= GOAL_P95_MS]
    errors = int(total["Failure Count"])
    print(
        f"Goal (p95 < 1 s everywhere, zero errors): "
        f"{'met' if not slow and not errors else 'NOT met'}"
        + (f"; p95 >= 1 s: {', '.join(slow)}" if slow else "")
        + (f"; {errors} errors" if errors else "")
    )


def _ms(value):
    return float(value) if value not in {"", "N/A"} else 0.0


if __name__ == "__main__":
    main(sys.argv[1])
