"""Checks rtt_frame against the golden vectors in docs/PROTOCOL.md, the same table FrameVectorsTest checks in Java."""
import pathlib
import unittest

import rtt_frame

PROTOCOL = pathlib.Path(__file__).resolve().parents[2] / "docs" / "PROTOCOL.md"


def golden_vectors():
    lines = PROTOCOL.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Golden vectors") + 1
    rows = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        if line.startswith("| ") and not line.startswith("| name") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


class FrameVectorsTest(unittest.TestCase):
    def test_encodes_and_decodes_every_golden_vector(self):
        vectors = golden_vectors()
        self.assertEqual(4, len(vectors))
        for name, kind, route, correlation, deadline, payload, frame in vectors:
            with self.subTest(name):
                body = payload.strip("`").encode() if payload.startswith("`") else b""
                expected = bytes.fromhex(frame.strip("`"))
                encoded = rtt_frame.encode(int(kind), int(route), int(correlation, 0), int(deadline), body)
                self.assertEqual(expected.hex(), encoded.hex())
                self.assertEqual(len(expected), rtt_frame.frame_length(expected))
                self.assertEqual(
                    rtt_frame.Frame(int(kind), int(route), int(correlation, 0), int(deadline), body),
                    rtt_frame.decode(expected))

    def test_refuses_bad_version_kind_and_length_saying_what_was_wrong(self):
        good = bytearray(rtt_frame.encode(rtt_frame.KIND_EVENT, 1, 2, 0, b"x"))
        bad_version = bytearray(good); bad_version[4] = 9
        bad_kind = bytearray(good); bad_kind[5] = 0
        short = bytearray(good); short[0:4] = (8).to_bytes(4, "little")
        for buffer, message in [(bad_version, "version: 9"), (bad_kind, "kind: 0"), (short, "length: 8"),
                                (good[:-1], "exceeds the 32 available"), (good[:10], "need 32 bytes")]:
            with self.subTest(message):
                with self.assertRaisesRegex(rtt_frame.FrameError, message):
                    rtt_frame.decode(bytes(buffer))
        with self.assertRaisesRegex(rtt_frame.FrameError, "kind: 7"):
            rtt_frame.encode(7, 1, 1, 0)

    def test_keeps_correlation_ids_with_the_high_bit_set(self):
        frame = rtt_frame.decode(rtt_frame.encode(rtt_frame.KIND_REQUEST, 1, 0xFFFFFFFFFFFFFFFE, 0))
        self.assertEqual(0xFFFFFFFFFFFFFFFE, frame.correlation_id)


if __name__ == "__main__":
    unittest.main()
