// RTT route client over a uds lane: connect by route name, send requests that resolve to their answers, stream
// events. Speaks docs/PROTOCOL.md over the Unix-domain socket the panel publishes in
// <workspace>/.rtt/lanes/routes.json. No dependencies. shm lanes need the Agrona ring layout and are for the Java
// client; pin a route to uds in rtt.yaml (`lane: uds`) to call it from Node.
//
//   const catalog = await RouteClient.connect('.', 'api->catalog');
//   const answer = await catalog.request(new TextEncoder().encode('sku-42'), 500);
import { readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { decode, encode, frameLength, Kind } from './rtt-frame.mjs';

export class RouteError extends Error {}

export class RouteClient {
  #socket;
  #routeId;
  #nextId = 1n;
  #pending = new Map();
  #buffer = Buffer.alloc(0);
  #events = [];

  constructor(route, routeId, socket) {
    this.route = route;
    this.#routeId = routeId;
    this.#socket = socket;
    socket.on('data', (chunk) => this.#receive(chunk));
    socket.on('close', () => this.#failAll(new Error(`route ${route}: the lane closed`)));
    socket.on('error', (error) => this.#failAll(error));
  }

  /** Connects to a route the panel of the workspace serves. */
  static async connect(workspace, route) {
    let published;
    try {
      published = JSON.parse(await readFile(join(workspace, '.rtt', 'lanes', 'routes.json'), 'utf8'));
    } catch (error) {
      if (error.code === 'ENOENT') throw new Error(`no routes are served in ${workspace}; is \`rtt serve\` running?`);
      throw error;
    }
    const address = published.routes.find((a) => a.route === route);
    if (!address) {
      throw new Error(`route ${route} is not served; served routes: ${published.routes.map((a) => a.route).join(', ')}`);
    }
    if (address.lane !== 'UDS') {
      throw new Error(`route ${route} is on a ${address.lane.toLowerCase()} lane; this client speaks uds: ` +
        'pin the route with `lane: uds` in rtt.yaml');
    }
    const socket = createConnection(address.path);
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (error) => reject(new Error(`cannot connect to the uds lane of ${route}: ${error.message}`)));
    });
    return new RouteClient(route, address.routeId, socket);
  }

  /** Sends a request; resolves to the answer's payload, rejects with RouteError, a timeout or a closed lane. */
  request(payload, timeoutMs = 5000) {
    const correlationId = this.#nextId++;
    const deadlineNs = (BigInt(Date.now()) + BigInt(timeoutMs)) * 1_000_000n;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(correlationId);
        reject(new Error(`route ${this.route}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(correlationId, { resolve, reject, timer });
      this.#socket.write(encode({ kind: Kind.REQUEST, routeId: this.#routeId, correlationId, deadlineNs, payload }));
    });
  }

  /** Streams one event; no answer comes. */
  send(payload) {
    this.#socket.write(encode({ kind: Kind.EVENT, routeId: this.#routeId, payload }));
  }

  /** Whether the lane is closed (by close() or by the serving end); a closed client fails every request. */
  get closed() {
    return this.#socket.destroyed;
  }

  /** Events received so far. */
  poll() {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  close() {
    this.#socket.end();
    this.#socket.destroy();
  }

  #receive(chunk) {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    while (this.#buffer.length - offset >= 4) {
      const rest = this.#buffer.subarray(offset);
      const length = frameLength(rest);
      if (rest.length < length) break;
      const frame = decode(rest.subarray(0, length));
      // a Uint8Array of its own, so an answer does not pin the read buffer
      const payload = new Uint8Array(frame.payload);
      offset += length;
      if (frame.kind === Kind.EVENT) {
        this.#events.push(payload);
        continue;
      }
      const waiter = this.#pending.get(frame.correlationId);
      if (!waiter) continue; // answered after its timeout
      this.#pending.delete(frame.correlationId);
      clearTimeout(waiter.timer);
      if (frame.kind === Kind.ERROR) waiter.reject(new RouteError(new TextDecoder().decode(payload)));
      else waiter.resolve(payload);
    }
    this.#buffer = this.#buffer.subarray(offset);
  }

  #failAll(error) {
    for (const [id, waiter] of this.#pending) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
      this.#pending.delete(id);
    }
  }
}
