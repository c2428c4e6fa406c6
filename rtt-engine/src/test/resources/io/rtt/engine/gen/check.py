"""Drives a generated Python connector against a served sqlite route; run by GeneratedConnectorsTest.

usage: check.py CONNECTORS_DIR WORKSPACE
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

from ledger_client import DEADLINE_SECONDS, LedgerClient, RouteError  # noqa: E402


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


with LedgerClient(sys.argv[2]) as ledger:
    ledger.query("CREATE TABLE python_items(id INTEGER PRIMARY KEY, name TEXT)")
    results = ledger.transaction([("INSERT INTO python_items VALUES (?, ?)", [1, "one"]),
                                  ("INSERT INTO python_items VALUES (?, ?)", [2, "two"])])
    print("tx", "".join(str(result["changes"]) for result in results))
    print("rows", compact(ledger.query("SELECT id, name FROM python_items WHERE id >= ? ORDER BY id", [1])["rows"]))
    try:
        ledger.query("SELECT * FROM nowhere")
        print("no error")
    except RouteError as error:
        print("error", error)
    print("deadline", int(DEADLINE_SECONDS * 1000), "ms")
