"""RTT route client over a uds lane: connect by route name, send requests and get their answers, stream events.

Speaks docs/PROTOCOL.md over the Unix-domain socket the panel publishes in <workspace>/.rtt/lanes/routes.json.
Standard library only. shm lanes need the Agrona ring layout and are for the Java client; pin a route to uds in
rtt.yaml (`lane: uds`) to call it from Python.

    with RouteClient.connect(".", "api->catalog") as catalog:
        answer = catalog.request(b"sku-42", timeout=0.5)
"""
import itertools
import json
import os
import socket
import time
from typing import Dict, Iterable, List

import rtt_frame
from rtt_frame import KIND_ERROR, KIND_EVENT, KIND_REQUEST, KIND_RESPONSE


class RouteError(Exception):
    """The serving end answered with an error frame (driver failure, rate limit, overload, deadline)."""


class RouteClient:
    def __init__(self, route: str, route_id: int, path: str):
        self.route = route
        self._route_id = route_id
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._socket.connect(path)
        except OSError as error:
            self._socket.close()
            raise ConnectionError(f"cannot connect to the uds lane of {route} at {path}: {error}; is it served?")
        self._buffer = bytearray()
        self._ids = itertools.count(1)
        self._answers: Dict[int, rtt_frame.Frame] = {}
        self._events: List[bytes] = []

    @classmethod
    def connect(cls, workspace: str, route: str) -> "RouteClient":
        """Connects to a route the panel of the workspace serves."""
        routes_file = os.path.join(workspace, ".rtt", "lanes", "routes.json")
        try:
            with open(routes_file, encoding="utf-8") as f:
                published = json.load(f)
        except FileNotFoundError:
            raise LookupError(f"no routes are served in {workspace}; is `rtt serve` running?") from None
        for address in published["routes"]:
            if address["route"] == route:
                if address["lane"] != "UDS":
                    raise LookupError(f"route {route} is on a {address['lane'].lower()} lane; this client speaks "
                                      f"uds: pin the route with `lane: uds` in rtt.yaml")
                return cls(route, address["routeId"], address["path"])
        served = ", ".join(a["route"] for a in published["routes"])
        raise LookupError(f"route {route} is not served; served routes: {served}")

    def request(self, payload: bytes, timeout: float = 5.0) -> bytes:
        """Sends one request and waits for its answer."""
        return self.request_many([payload], timeout)[0]

    def request_many(self, payloads: Iterable[bytes], timeout: float = 5.0) -> List[bytes]:
        """Sends requests in one write (pipelined) and returns their answers in order."""
        deadline = time.monotonic() + timeout
        deadline_ns = time.time_ns() + int(timeout * 1e9)
        ids = []
        batch = bytearray()
        for payload in payloads:
            correlation_id = next(self._ids)
            ids.append(correlation_id)
            batch += rtt_frame.encode(KIND_REQUEST, self._route_id, correlation_id, deadline_ns, payload)
        self._socket.sendall(batch)
        answers = []
        for correlation_id in ids:
            while correlation_id not in self._answers:
                self._read(deadline)
            frame = self._answers.pop(correlation_id)
            if frame.kind == KIND_ERROR:
                raise RouteError(frame.payload.decode("utf-8", "replace"))
            answers.append(frame.payload)
        return answers

    def send(self, payload: bytes) -> None:
        """Streams one event; no answer comes."""
        self._socket.sendall(rtt_frame.encode(KIND_EVENT, self._route_id, 0, 0, payload))

    def poll(self) -> List[bytes]:
        """Events received so far, without waiting."""
        self._socket.setblocking(False)
        try:
            while True:
                chunk = self._socket.recv(65536)
                if not chunk:
                    break
                self._buffer += chunk
                self._split()
        except BlockingIOError:
            pass
        finally:
            self._socket.setblocking(True)
        events, self._events = self._events, []
        return events

    def _read(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"route {self.route}: no answer before the deadline")
        self._socket.settimeout(remaining)
        try:
            chunk = self._socket.recv(65536)
        except socket.timeout:
            raise TimeoutError(f"route {self.route}: no answer before the deadline") from None
        if not chunk:
            raise ConnectionError(f"route {self.route}: the lane closed")
        self._buffer += chunk
        self._split()

    def _split(self) -> None:
        while len(self._buffer) >= 4:
            length = rtt_frame.frame_length(self._buffer)
            if len(self._buffer) < length:
                return
            frame = rtt_frame.decode(bytes(self._buffer[:length]))
            del self._buffer[:length]
            if frame.kind in (KIND_RESPONSE, KIND_ERROR):
                self._answers[frame.correlation_id] = frame
            elif frame.kind == KIND_EVENT:
                self._events.append(frame.payload)

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> "RouteClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
