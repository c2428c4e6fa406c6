// Doctor benchmark, baseline in the same run: `syncpack lint` (whole process, its npm bin) against
// `rtt doctor` (whole process) and a warm tools/call rtt_doctor in a running server.
// Usage: node doctor-bench.mjs <rtt launcher> <syncpack bin> <monorepo> <runs>
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [rtt, syncpack, mono, runsText] = process.argv.slice(2);
const runs = Number(runsText);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const timed = (command, args, options) => {
  const t0 = performance.now();
  const r = spawnSync(command, args, { stdio: 'ignore', ...options });
  if (![0, 1, 4].includes(r.status)) throw new Error(`${command} exited ${r.status}`);
  return performance.now() - t0;
};

spawnSync(rtt, ['doctor', mono], { stdio: 'ignore' }); // build, train, scan once
const sp = [];
const whole = [];
for (let i = 0; i < runs; i++) {
  sp.push(timed(syncpack, ['lint'], { cwd: mono }));
  whole.push(timed(rtt, ['doctor', mono]));
}
const client = new Client({ name: 'doctor-bench', version: '1' });
await client.connect(new StdioClientTransport({ command: rtt, args: ['serve', '--stdio', mono], stderr: 'ignore' }));
for (let i = 0; i < 10; i++) await client.callTool({ name: 'rtt_doctor', arguments: {} });
const warm = [];
let drifting = 0;
for (let i = 0; i < runs * 3; i++) {
  const t0 = performance.now();
  const r = await client.callTool({ name: 'rtt_doctor', arguments: {} });
  warm.push(performance.now() - t0);
  drifting = r.structuredContent.counts.drifting;
}
await client.close();
const base = median(sp);
console.log(`monorepo ${mono}: ${drifting} drifting groups; medians (ms), ratio vs syncpack lint`);
console.log(`syncpack lint (baseline, whole process)     ${base.toFixed(1).padStart(8)}  1.00x`);
console.log(`rtt doctor (whole process)                  ${median(whole).toFixed(1).padStart(8)}  ${(median(whole) / base).toFixed(2)}x`);
console.log(`tools/call rtt_doctor (warm)                ${median(warm).toFixed(1).padStart(8)}  ${(median(warm) / base).toFixed(2)}x`);
