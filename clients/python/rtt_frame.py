"""RTT lane frames: encode and decode the 32-byte little-endian header and payload of docs/PROTOCOL.md.

The codec that RTT's generated Python connectors use; the Unix-socket transport comes with the uds lane.
Standard library only.
"""
import struct
from typing import NamedTuple

VERSION = 1
HEADER_LENGTH = 32
MAX_FRAME_LENGTH = 16 * 1024 * 1024
KIND_REQUEST, KIND_RESPONSE, KIND_EVENT, KIND_ERROR, KIND_HEARTBEAT, KIND_PROBE = 1, 2, 3, 4, 5, 6

# length, version, kind, flags, route id, reserved, correlation id, deadline
_HEADER = struct.Struct("<iBBHiiqq")
assert _HEADER.size == HEADER_LENGTH


class FrameError(ValueError):
    """A frame that fails validation; the lane it came from is in error."""


class Frame(NamedTuple):
    kind: int
    route_id: int
    correlation_id: int
    deadline_ns: int
    payload: bytes


def encode(kind: int, route_id: int, correlation_id: int, deadline_ns: int, payload: bytes = b"") -> bytes:
    """Returns the whole frame, header and payload."""
    _check_kind(kind)
    length = HEADER_LENGTH + len(payload)
    _check_length(length)
    return _HEADER.pack(length, VERSION, kind, 0, route_id, 0, _signed64(correlation_id), deadline_ns) + bytes(payload)


def frame_length(buffer: bytes) -> int:
    """The length word of the frame at the start of buffer (needs 4 bytes): how many bytes to read in all."""
    if len(buffer) < 4:
        raise FrameError(f"need 4 bytes for the frame length, have {len(buffer)}")
    return _check_length(struct.unpack_from("<i", buffer)[0])


def decode(buffer: bytes) -> Frame:
    """Validates version, kind and length, in that order, then returns the frame at the start of buffer."""
    if len(buffer) < HEADER_LENGTH:
        raise FrameError(f"need {HEADER_LENGTH} bytes for a frame header, have {len(buffer)}")
    length, version, kind, _flags, route_id, _reserved, correlation_id, deadline_ns = _HEADER.unpack_from(buffer)
    if version != VERSION:
        raise FrameError(f"unsupported frame version: {version}")
    _check_kind(kind)
    _check_length(length)
    if length > len(buffer):
        raise FrameError(f"frame of {length} bytes exceeds the {len(buffer)} available")
    return Frame(kind, route_id, correlation_id & 0xFFFFFFFFFFFFFFFF, deadline_ns, bytes(buffer[HEADER_LENGTH:length]))


def _check_kind(kind: int) -> int:
    if not KIND_REQUEST <= kind <= KIND_PROBE:
        raise FrameError(f"unknown frame kind: {kind}")
    return kind


def _check_length(length: int) -> int:
    if length < HEADER_LENGTH or length > MAX_FRAME_LENGTH:
        raise FrameError(f"invalid frame length: {length}, min={HEADER_LENGTH}, max={MAX_FRAME_LENGTH}")
    return length


def _signed64(value: int) -> int:
    """Correlation ids are opaque 64-bit values; accept them unsigned and store their two's complement."""
    return value - (1 << 64) if value >= 1 << 63 else value
