// Drives a served echo route over uds from Node; run by the Java side's ClientInteropTest.
// usage: node interop-check.mjs WORKSPACE ROUTE
import assert from 'node:assert/strict';
import { RouteClient, RouteError } from './rtt-client.mjs';

const [workspace, route] = process.argv.slice(2);
const client = await RouteClient.connect(workspace, route);
const text = new TextEncoder();
assert.deepEqual(await client.request(text.encode('hello from node')), text.encode('hello from node'));
console.log('request ok');
const payloads = Array.from({ length: 1000 }, (_, i) => text.encode(`pipelined ${i}`));
const answers = await Promise.all(payloads.map((p) => client.request(p, 10000)));
answers.forEach((answer, i) => assert.deepEqual(answer, payloads[i]));
console.log('1000 pipelined ok');
const big = new Uint8Array(51200).map((_, i) => i & 0xff);
assert.deepEqual(await client.request(big), big);
console.log('51200-byte payload ok');
await assert.rejects(client.request(new Uint8Array(70 * 1024)), (error) => {
  assert.ok(error instanceof RouteError && error.message.includes('limit'), error.message);
  console.log('oversized refused:', error.message);
  return true;
});
client.close();
await assert.rejects(RouteClient.connect(workspace, 'no->such'), (error) => {
  console.log('unknown route:', error.message);
  return true;
});
