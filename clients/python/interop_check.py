"""Drives a served echo route over uds from Python; run by the Java side's ClientInteropTest.

usage: interop_check.py WORKSPACE ROUTE
Prints one line per check and exits non-zero on the first failure.
"""
import sys

from rtt_client import RouteClient, RouteError


def main(workspace: str, route: str) -> None:
    with RouteClient.connect(workspace, route) as client:
        assert client.request(b"hello from python", timeout=5) == b"hello from python"
        print("request ok")
        payloads = [f"pipelined {i}".encode() for i in range(1000)]
        assert client.request_many(payloads, timeout=10) == payloads
        print("1000 pipelined ok")
        big = bytes(range(256)) * 200
        assert client.request(big, timeout=5) == big
        print("51200-byte payload ok")
        try:
            client.request(b"x" * (70 * 1024), timeout=5)
            raise AssertionError("an oversized request was answered")
        except RouteError as error:
            assert "limit" in str(error), str(error)
            print("oversized refused:", error)
    try:
        RouteClient.connect(workspace, "no->such")
        raise AssertionError("connected to a route nobody serves")
    except LookupError as error:
        print("unknown route:", error)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
