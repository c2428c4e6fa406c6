// Black-box test of `rtt serve` with the official TypeScript SDK client, over stdio and Streamable HTTP.
// Usage: node sdk-client.mjs <rtt.jar> <workspace> <http-url> <token>
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [jar, workspace, httpUrl, token] = process.argv.slice(2);
if (!token) {
  console.error('usage: node sdk-client.mjs <rtt.jar> <workspace> <http-url> <token>');
  process.exit(2);
}

async function contract(name, transport) {
  const client = new Client({ name: 'rtt-blackbox', version: '1.0.0' });
  await client.connect(transport);
  try {
    assert.equal(client.getServerVersion().name, 'rtt');

    const { tools } = await client.listTools();
    const scan = tools.find((t) => t.name === 'rtt_scan');
    assert.ok(scan, 'rtt_scan is listed');
    assert.equal(scan.annotations.readOnlyHint, true);
    assert.equal(scan.annotations.idempotentHint, true);
    assert.equal(scan.outputSchema.type, 'object');

    // The SDK client validates structuredContent against the tool's outputSchema.
    const progress = [];
    const result = await client.callTool({ name: 'rtt_scan', arguments: { refresh: true } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    assert.equal(result.isError, false);
    assert.equal(result.structuredContent.counts.components, 7);
    assert.equal(result.structuredContent.counts.edges, 8);
    assert.equal(result.structuredContent.index, 'rtt://index');
    assert.deepEqual([...progress].sort((a, b) => a - b), progress, 'progress only increases');

    const refused = await client.callTool({ name: 'rtt_scan', arguments: { path: '../..' } });
    assert.equal(refused.isError, true);
    assert.match(refused.content[0].text, /^path is outside the workspace: \.\.\/\.\./);

    const index = await client.readResource({ uri: 'rtt://index' });
    assert.match(index.contents[0].text, /"format":"rtt.index\/1"/);

    const { prompts } = await client.listPrompts();
    assert.ok(prompts.some((p) => p.name === 'wire_repository'));
    const prompt = await client.getPrompt({ name: 'wire_repository', arguments: { path: 'api' } });
    assert.match(prompt.messages[0].content.text, /`api`/);

    await client.ping();
    console.log(`ok - ${name}: tools, structured scan (${progress.length} progress notes), refusal, resource, prompt`);
  } finally {
    await client.close();
  }
}

// A malformed line and an oversized line get JSON-RPC errors; the server keeps serving.
async function malformedLines() {
  const child = spawn('java', ['-jar', jar, 'serve', '--stdio', workspace], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = [];
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      replies.push(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
    }
  });
  const send = (line) => child.stdin.write(line + '\n');
  send('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}');
  send('{"jsonrpc": "2.0", "id": oops}');
  send('{"jsonrpc":"2.0","id":2,"method":"ping","params":"' + 'x'.repeat(5 * 1024 * 1024) + '"}');
  send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
  send('{"jsonrpc":"2.0","id":3,"method":"ping"}');
  child.stdin.end();
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, 'server exits cleanly when stdin closes');
  assert.equal(replies[0].id, 1);
  assert.equal(replies[1].error.code, -32700);
  assert.equal(replies[2].error.code, -32600);
  assert.equal(replies[3].id, 3);
  assert.deepEqual(replies[3].result, {});
  console.log('ok - stdio: malformed (-32700) and oversized (-32600) lines answered, serving went on, clean exit on EOF');
}

async function missingToken() {
  const transport = new StreamableHTTPClientTransport(new URL(httpUrl));
  const client = new Client({ name: 'rtt-blackbox', version: '1.0.0' });
  await assert.rejects(client.connect(transport), (err) => err.code === 401 && /missing or wrong bearer token/.test(err.message));
  console.log('ok - http: no bearer token is refused');
}

await contract('stdio', new StdioClientTransport({ command: 'java', args: ['-jar', jar, 'serve', '--stdio', workspace] }));
await contract('streamable-http', new StreamableHTTPClientTransport(new URL(httpUrl), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
}));
const auth = { Authorization: `Bearer ${token}` };
await contract('legacy-sse', new SSEClientTransport(new URL(httpUrl.replace(/\/mcp$/, '/sse')), {
  requestInit: { headers: auth },
  eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...init?.headers, ...auth } }) },
}));
await malformedLines();
await missingToken();
