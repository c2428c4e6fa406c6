// Scan benchmark on a large tree, baseline in the same run: `rg --files` (whole process) against
//  - `rtt scan --refresh` whole process (full walk and parse), and `rtt scan` whole process on the unchanged tree;
//  - warm tools/call rtt_scan in a running server: refresh=true (full) and refresh=false (unchanged tree).
// Usage: node scan-bench.mjs <rtt launcher> <tree> <runs>
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [rtt, tree, runsText] = process.argv.slice(2);
const runs = Number(runsText);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

function timed(command, args) {
  const t0 = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return performance.now() - t0;
}

spawnSync(rtt, ['scan', tree], { stdio: 'ignore' }); // build the jar and CDS archive, warm the page cache
const whole = { rg: [], full: [], rescan: [] };
for (let i = 0; i < runs; i++) { // interleaved
  whole.rg.push(timed('rg', ['--files', tree]));
  whole.full.push(timed(rtt, ['scan', '--refresh', tree]));
  whole.rescan.push(timed(rtt, ['scan', tree]));
}

const client = new Client({ name: 'scan-bench', version: '1' });
await client.connect(new StdioClientTransport({ command: rtt, args: ['serve', '--stdio', tree], stderr: 'ignore' }));
const call = async (refresh) => {
  const t0 = performance.now();
  const result = await client.callTool({ name: 'rtt_scan', arguments: { refresh } });
  if (result.isError) throw new Error(result.content[0].text);
  return { ms: performance.now() - t0, files: result.structuredContent.filesVisited, cached: result.structuredContent.fromCache };
};
for (let i = 0; i < 5; i++) await call(true); // JIT warm-up
const warm = { full: [], rescan: [] };
let files = 0;
for (let i = 0; i < runs; i++) {
  const full = await call(true);
  files = full.files;
  warm.full.push(full.ms);
  const again = await call(false);
  if (!again.cached) throw new Error('unchanged tree was re-parsed');
  warm.rescan.push(again.ms);
}
await client.close();

const rg = median(whole.rg);
const row = (name, xs) => console.log(`${name.padEnd(48)}${median(xs).toFixed(1).padStart(9)}  ${(median(xs) / rg).toFixed(2)}x rg`);
console.log(`tree ${tree}: ${files} files after ignore rules; medians of ${runs} interleaved runs (ms)`);
row('rg --files (baseline, whole process)', whole.rg);
row('rtt scan --refresh (whole process, full)', whole.full);
row('rtt scan (whole process, unchanged tree)', whole.rescan);
row('tools/call rtt_scan refresh=true (warm, full)', warm.full);
row('tools/call rtt_scan (warm, unchanged tree)', warm.rescan);
console.log(`re-scan / full: whole process ${(median(whole.rescan) / median(whole.full)).toFixed(2)}x, ` +
  `warm ${(median(warm.rescan) / median(warm.full)).toFixed(3)}x`);
