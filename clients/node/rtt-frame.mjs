// RTT lane frames: encode and decode the 32-byte little-endian header and payload of docs/PROTOCOL.md.
// The codec that RTT's generated Node connectors use; the Unix-socket transport comes with the uds lane.
// No dependencies. Correlation ids and deadlines are BigInt (64-bit).

export const VERSION = 1;
export const HEADER_LENGTH = 32;
export const MAX_FRAME_LENGTH = 16 * 1024 * 1024;
export const Kind = Object.freeze({ REQUEST: 1, RESPONSE: 2, EVENT: 3, ERROR: 4, HEARTBEAT: 5, PROBE: 6 });

/** A frame that fails validation; the lane it came from is in error. */
export class FrameError extends Error {}

/** Returns the whole frame, header and payload, as a Uint8Array. */
export function encode({ kind, routeId, correlationId = 0n, deadlineNs = 0n, payload = new Uint8Array(0) }) {
  checkKind(kind);
  const length = checkLength(HEADER_LENGTH + payload.length);
  const frame = new Uint8Array(length);
  const view = new DataView(frame.buffer);
  view.setInt32(0, length, true);
  view.setUint8(4, VERSION);
  view.setUint8(5, kind);
  view.setUint16(6, 0, true);
  view.setInt32(8, routeId, true);
  view.setInt32(12, 0, true);
  view.setBigUint64(16, BigInt.asUintN(64, BigInt(correlationId)), true);
  view.setBigInt64(24, BigInt(deadlineNs), true);
  frame.set(payload, HEADER_LENGTH);
  return frame;
}

/** The length word of the frame at the start of bytes (needs 4 bytes): how many bytes to read in all. */
export function frameLength(bytes) {
  if (bytes.length < 4) throw new FrameError(`need 4 bytes for the frame length, have ${bytes.length}`);
  return checkLength(view(bytes).getInt32(0, true));
}

/** Validates version, kind and length, in that order, then returns the frame at the start of bytes. */
export function decode(bytes) {
  if (bytes.length < HEADER_LENGTH) {
    throw new FrameError(`need ${HEADER_LENGTH} bytes for a frame header, have ${bytes.length}`);
  }
  const v = view(bytes);
  const version = v.getUint8(4);
  if (version !== VERSION) throw new FrameError(`unsupported frame version: ${version}`);
  const kind = checkKind(v.getUint8(5));
  const length = checkLength(v.getInt32(0, true));
  if (length > bytes.length) throw new FrameError(`frame of ${length} bytes exceeds the ${bytes.length} available`);
  return {
    kind,
    routeId: v.getInt32(8, true),
    correlationId: v.getBigUint64(16, true),
    deadlineNs: v.getBigInt64(24, true),
    payload: bytes.slice(HEADER_LENGTH, length),
  };
}

function view(bytes) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function checkKind(kind) {
  if (!(kind >= Kind.REQUEST && kind <= Kind.PROBE)) throw new FrameError(`unknown frame kind: ${kind}`);
  return kind;
}

function checkLength(length) {
  if (length < HEADER_LENGTH || length > MAX_FRAME_LENGTH) {
    throw new FrameError(`invalid frame length: ${length}, min=${HEADER_LENGTH}, max=${MAX_FRAME_LENGTH}`);
  }
  return length;
}
