// Checks rtt-frame.mjs against the golden vectors in docs/PROTOCOL.md, the table FrameVectorsTest checks in Java.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, FrameError, decode, encode, frameLength } from './rtt-frame.mjs';

const protocol = fileURLToPath(new URL('../../docs/PROTOCOL.md', import.meta.url));

function goldenVectors() {
  const lines = readFileSync(protocol, 'utf8').split('\n');
  const rows = [];
  for (const line of lines.slice(lines.indexOf('## Golden vectors') + 1)) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('| ') && !line.startsWith('| name') && !line.startsWith('| ---')) {
      rows.push(line.replace(/^\|\s*|\s*\|\s*$/g, '').split(/\s*\|\s*/));
    }
  }
  return rows;
}

const hex = (bytes) => Buffer.from(bytes).toString('hex');

test('encodes and decodes every golden vector', () => {
  const vectors = goldenVectors();
  assert.equal(vectors.length, 4);
  for (const [name, kind, route, correlation, deadline, payload, frame] of vectors) {
    const body = payload.startsWith('`') ? new TextEncoder().encode(payload.replaceAll('`', '')) : new Uint8Array(0);
    const expected = Uint8Array.from(Buffer.from(frame.replaceAll('`', ''), 'hex'));
    const fields = { kind: Number(kind), routeId: Number(route), correlationId: BigInt(correlation),
      deadlineNs: BigInt(deadline), payload: body };
    assert.equal(hex(encode(fields)), hex(expected), name);
    assert.equal(frameLength(expected), expected.length, name);
    assert.deepEqual(decode(expected), fields, name);
  }
});

test('refuses bad version, kind and length, saying what was wrong', () => {
  const good = encode({ kind: Kind.EVENT, routeId: 1, correlationId: 2n, payload: Uint8Array.of(120) });
  const with_ = (offset, bytes) => { const copy = good.slice(); copy.set(bytes, offset); return copy; };
  const cases = [
    [with_(4, [9]), /version: 9/],
    [with_(5, [0]), /kind: 0/],
    [with_(0, [8, 0, 0, 0]), /length: 8/],
    [good.slice(0, good.length - 1), /exceeds the 32 available/],
    [good.slice(0, 10), /need 32 bytes/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(() => decode(bytes), (error) => error instanceof FrameError && message.test(error.message));
  }
  assert.throws(() => encode({ kind: 7, routeId: 1 }), /kind: 7/);
});

test('keeps correlation ids with the high bit set', () => {
  const frame = decode(encode({ kind: Kind.REQUEST, routeId: 1, correlationId: 0xfffffffffffffffen }));
  assert.equal(frame.correlationId, 0xfffffffffffffffen);
});
