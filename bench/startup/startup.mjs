// Start-up and warm-scan benchmark for MCP servers over stdio, baselines in the same run.
//
//   node bench/startup/startup.mjs cold [--runs N] [--json FILE] -- name=command args... [-- name=command args...]
//     Cold start: spawn -> initialize reply -> notifications/initialized + tools/list -> tools/list reply, then a
//     ping, whose reply shows when the server answers anything (a server may list its tools before it is built). The
//     servers take turns run by run, so drift in machine load hits all alike. The LAST server is the baseline of the
//     ratio column. --call '{"name":"rtt_scan","arguments":{"refresh":true}}' also times spawn -> that first tool
//     call's reply, for the servers that list the tool.
//
//   node bench/startup/startup.mjs warm [--calls N] [--warmup N] [--json FILE] -- name=command args... [-- ...]
//     Warm rtt_scan: every server is started once and initialised, then they take turns answering
//     tools/call rtt_scan {refresh: true} (a full re-parse of the tree): N warm-up calls each, then N timed calls
//     each. The FIRST server is the baseline of the ratio column.
//
// A server's environment is set with env(1): -- "name=env" RTT_JAVA_OPTS=-XX:TieredStopAtLevel=1 ./rtt serve ...
// Only Node's standard library is used; `npm ci` here installs the pinned Node reference server.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const TIMEOUT_MS = 120_000;

function parseArgs(argv)
{
  const mode = argv[0];
  const options = { runs: 7, calls: 20, warmup: 10, json: null, call: null };
  let i = 1;
  for (; i < argv.length && argv[i] !== '--'; i += 2)
  {
    const name = argv[i].replace(/^--/, '');
    if (!(name in options)) throw new Error(`unknown option ${argv[i]}`);
    options[name] = name === 'json' ? argv[i + 1] : name === 'call' ? JSON.parse(argv[i + 1]) : Number(argv[i + 1]);
  }
  const servers = [];
  while (i < argv.length)
  {
    const next = argv.indexOf('--', i + 1);
    const part = argv.slice(i + 1, next < 0 ? argv.length : next);
    const eq = part[0].indexOf('=');
    servers.push({ name: part[0].slice(0, eq), command: part[0].slice(eq + 1), args: part.slice(1) });
    i = next < 0 ? argv.length : next;
  }
  if (!['cold', 'warm'].includes(mode) || servers.length === 0)
  {
    throw new Error('usage: startup.mjs cold|warm [--runs N] [--calls N] [--warmup N] [--json FILE] ' +
      '-- name=command args... [-- name=command args...]');
  }
  return { mode, options, servers };
}

/** One spawned server speaking newline-delimited JSON-RPC; replies are awaited by id. */
class Peer
{
  constructor({ command, args })
  {
    this.t0 = performance.now();
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.waiting = new Map();
    this.stderr = '';
    this.nextId = 1;
    let buffer = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk) =>
    {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0)
      {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const message = JSON.parse(line);
        const waiter = message.id !== undefined && this.waiting.get(message.id);
        if (waiter)
        {
          this.waiting.delete(message.id);
          waiter.resolve({ message, at: performance.now() });
        }
      }
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk) => { this.stderr = (this.stderr + chunk).slice(-4000); });
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
    this.child.on('exit', (code, signal) =>
    {
      for (const waiter of this.waiting.values())
      {
        waiter.reject(new Error(`server exited (${code ?? signal}) before replying; stderr:\n${this.stderr}`));
      }
      this.waiting.clear();
    });
    this.child.on('error', (error) => { for (const waiter of this.waiting.values()) waiter.reject(error); });
  }

  notify(method)
  {
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method }) + '\n');
  }

  request(method, params)
  {
    const id = this.nextId++;
    const reply = new Promise((resolve, reject) =>
    {
      const timer = setTimeout(() => reject(new Error(`${method}: no reply in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      this.waiting.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
    });
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    return reply.then(({ message, at }) =>
    {
      if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
      return { result: message.result, at };
    });
  }

  initialize()
  {
    return this.request('initialize', {
      protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'rtt-startup-bench', version: '1' } });
  }

  async kill()
  {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

async function coldStart(server, call)
{
  const peer = new Peer(server);
  try
  {
    const initialized = (await peer.initialize()).at - peer.t0;
    peer.notify('notifications/initialized');
    const { result, at } = await peer.request('tools/list', {});
    if (!result.tools || result.tools.length === 0) throw new Error(`${server.name}: tools/list lists no tool`);
    const pinged = (await peer.request('ping', {})).at - peer.t0;
    let called = null;
    if (call && result.tools.some((tool) => tool.name === call.name))
    {
      const reply = await peer.request('tools/call', call);
      if (reply.result.isError) throw new Error(`${server.name}: ${call.name} failed: ${JSON.stringify(reply.result)}`);
      called = reply.at - peer.t0;
    }
    return { initialized, listed: at - peer.t0, pinged, called };
  }
  finally
  {
    await peer.kill(); // and wait for it to be gone, so no run overlaps the next one
  }
}

const median = (xs) =>
{
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms, width = 9) => ms.toFixed(1).padStart(width);

async function cold(servers, { runs, call })
{
  const results = servers.map(() => ({ initialized: [], listed: [], pinged: [], called: [] }));
  for (let r = 0; r < runs; r++)
  {
    for (let s = 0; s < servers.length; s++)
    {
      const { initialized, listed, pinged, called } = await coldStart(servers[s], call);
      results[s].initialized.push(initialized);
      results[s].listed.push(listed);
      results[s].pinged.push(pinged);
      if (called !== null) results[s].called.push(called);
    }
  }
  const baseline = median(results[results.length - 1].listed);
  console.log(`cold start over stdio: spawn -> tools/list reply, ${runs} interleaved runs each (ms; ` +
    `ratio = median tools/list vs ${servers[servers.length - 1].name})`);
  console.log('server'.padEnd(36) + 'init p50'.padStart(9) + 'list p50'.padStart(9) + 'list min'.padStart(9) +
    'list max'.padStart(9) + '   ratio' + 'ping p50'.padStart(10) + (call ? `  ${call.name} p50`.padStart(14) : ''));
  return servers.map((server, s) =>
  {
    const { initialized, listed, pinged, called } = results[s];
    const row = { name: server.name, command: [server.command, ...server.args].join(' '),
      initializeMedianMs: median(initialized), toolsListMedianMs: median(listed), toolsListMinMs: Math.min(...listed),
      toolsListMaxMs: Math.max(...listed), ratio: median(listed) / baseline, pingMedianMs: median(pinged),
      callMedianMs: called.length > 0 ? median(called) : null, toolsListMs: listed, pingMs: pinged, callMs: called };
    console.log(server.name.padEnd(36) + fmt(row.initializeMedianMs) + fmt(row.toolsListMedianMs) +
      fmt(row.toolsListMinMs) + fmt(row.toolsListMaxMs) + `   ${row.ratio.toFixed(2)}x` + fmt(row.pingMedianMs, 10) +
      (call ? (row.callMedianMs === null ? '-'.padStart(14) : fmt(row.callMedianMs, 14)) : ''));
    return row;
  });
}

async function warm(servers, { calls, warmup })
{
  const peers = [];
  try
  {
    for (const server of servers)
    {
      const peer = new Peer(server);
      peers.push(peer);
      await peer.initialize();
      peer.notify('notifications/initialized');
    }
    const times = servers.map(() => []);
    const warmups = servers.map(() => []);
    const scan = async (s) =>
    {
      const t0 = performance.now();
      const { result, at } = await peers[s].request('tools/call', { name: 'rtt_scan', arguments: { refresh: true } });
      if (result.isError) throw new Error(`${servers[s].name}: rtt_scan failed: ${JSON.stringify(result.content)}`);
      return at - t0;
    };
    for (let r = 0; r < warmup + calls; r++)
    {
      for (let s = 0; s < servers.length; s++)
      {
        const ms = await scan(s);
        (r >= warmup ? times[s] : warmups[s]).push(ms);
      }
    }
    const baseline = median(times[0]);
    console.log(`warm tools/call rtt_scan {refresh: true}: ${warmup} warm-up calls, then ${calls} timed calls each, ` +
      `servers taking turns (ms; ratio = median vs ${servers[0].name})`);
    console.log('server'.padEnd(36) + 'p50'.padStart(9) + 'min'.padStart(9) + 'max'.padStart(9) + '   ratio' +
      '   first call, median of warm-up');
    return servers.map((server, s) =>
    {
      const row = { name: server.name, command: [server.command, ...server.args].join(' '),
        scanMedianMs: median(times[s]), scanMinMs: Math.min(...times[s]), scanMaxMs: Math.max(...times[s]),
        ratio: median(times[s]) / baseline, scanMs: times[s], warmupMs: warmups[s] };
      console.log(server.name.padEnd(36) + fmt(row.scanMedianMs) + fmt(row.scanMinMs) + fmt(row.scanMaxMs) +
        `   ${row.ratio.toFixed(2)}x` + (warmups[s].length > 0
          ? `   ${fmt(warmups[s][0], 7)} ${fmt(median(warmups[s]), 7)}` : ''));
      return row;
    });
  }
  finally
  {
    await Promise.all(peers.map((peer) => peer.kill()));
  }
}

const { mode, options, servers } = parseArgs(process.argv.slice(2));
const rows = mode === 'cold' ? await cold(servers, options) : await warm(servers, options);
if (options.json)
{
  writeFileSync(options.json, JSON.stringify({ mode, options, date: new Date().toISOString(), rows }, null, 2) + '\n');
}
