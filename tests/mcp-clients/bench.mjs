// MCP benchmarks, baselines in the same run:
//  1. cold start over stdio: spawn -> initialize reply -> tools/list reply, servers interleaved, N runs each;
//  2. warm tool round trip: tools/call rtt_scan on an unchanged tree, p50/p99.
// Usage: node bench.mjs <workspace> <runs> <calls> -- name=command args... [-- name=command args...]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const argv = process.argv.slice(2);
const [workspace, runsText, callsText] = argv;
const servers = [];
for (let i = argv.indexOf('--'); i >= 0 && i < argv.length;) {
  const next = argv.indexOf('--', i + 1);
  const part = argv.slice(i + 1, next < 0 ? argv.length : next);
  const [name, command] = part[0].split('=');
  servers.push({ name, command, args: part.slice(1) });
  i = next;
}
const runs = Number(runsText);
const calls = Number(callsText);

function coldStart({ command, args }) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    let buffer = '';
    let initialized = 0;
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (msg.id === 1) {
          initialized = performance.now() - t0;
          child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
          child.stdin.write('{"jsonrpc":"2.0","id":2,"method":"tools/list"}\n');
        } else if (msg.id === 2) {
          const listed = performance.now() - t0;
          child.kill('SIGKILL');
          resolve({ initialized, listed });
        }
      }
    });
    child.on('error', reject);
    child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",' +
      '"capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}\n');
  });
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
const fmt = (ms) => ms.toFixed(1).padStart(8);

const results = Object.fromEntries(servers.map((s) => [s.name, { initialized: [], listed: [] }]));
for (let r = 0; r < runs; r++) {
  for (const server of servers) { // interleaved, so drift in machine load hits every server alike
    const { initialized, listed } = await coldStart(server);
    results[server.name].initialized.push(initialized);
    results[server.name].listed.push(listed);
  }
}
const baseline = pct(results[servers[servers.length - 1].name].listed, 50);
console.log(`cold start over stdio, ${runs} interleaved runs each (ms; ratio = median tools/list vs ${servers[servers.length - 1].name})`);
console.log('server'.padEnd(26) + 'init p50'.padStart(9) + ' list p50'.padStart(9) + ' list min'.padStart(9) + ' list max'.padStart(9) + '  ratio');
for (const server of servers) {
  const { initialized, listed } = results[server.name];
  console.log(server.name.padEnd(26) + fmt(pct(initialized, 50)) + ' ' + fmt(pct(listed, 50)) + ' ' +
    fmt(Math.min(...listed)) + ' ' + fmt(Math.max(...listed)) + `  ${(pct(listed, 50) / baseline).toFixed(2)}x`);
}

if (calls > 0) {
  const rtt = servers[0];
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command: rtt.command, args: rtt.args, stderr: 'ignore' }));
  for (let i = 0; i < 200; i++) await client.callTool({ name: 'rtt_scan', arguments: {} }); // warm-up
  const times = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const result = await client.callTool({ name: 'rtt_scan', arguments: {} });
    times.push(performance.now() - t0);
    if (!result.structuredContent.fromCache) throw new Error('tree changed during the benchmark');
  }
  await client.close();
  console.log(`\nwarm tools/call rtt_scan on an unchanged tree (${rtt.name}, ${calls} calls after 200 warm-up, ms):` +
    ` p50 ${pct(times, 50).toFixed(3)}  p99 ${pct(times, 99).toFixed(3)}  max ${Math.max(...times).toFixed(3)}`);
}
