// Parity of `rtt doctor` with `syncpack lint` (15.3.3, default configuration) on the fixture monorepo in mono/:
// the set of flagged (dependency, package.json, property) must be equal, except for the cases where RTT differs
// on purpose, each named below (and in README, "Dep doctor and syncpack").
// Usage: node parity.mjs <rtt.jar>
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const [jar] = process.argv.slice(2);
const here = new URL('.', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'rtt-parity-'));
cpSync(join(here, 'mono'), work, { recursive: true });

try {
  const syncpack = spawnSync(join(here, 'node_modules/.bin/syncpack'), ['json'], { cwd: work, encoding: 'utf8' });
  const instances = syncpack.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  assert.ok(instances.length > 0, `syncpack json printed nothing: ${syncpack.stderr}`);
  const theirs = new Map();
  for (const i of instances) {
    if (i.statusType === 'Fixable' || i.statusType === 'Unfixable') {
      theirs.set(`${i.dependency}\t${relative(work, i.package)}\t${i.property.join('.')}`, i);
    }
  }

  const rtt = spawnSync('java', ['-jar', jar, 'doctor', '--json', work], { encoding: 'utf8' });
  assert.equal(rtt.status, 4, `rtt doctor exits 4 on drift: ${rtt.stderr}`);
  const report = JSON.parse(rtt.stdout);
  const ours = new Map();
  const groupOf = new Map();
  for (const group of report.groups) {
    groupOf.set(group.name, group);
    for (const o of group.occurrences) {
      if (o.status === 'drift' || o.status === 'unfixable' || o.status === 'banned') {
        ours.set(`${group.name}\t${o.file}\t${o.path}`, o);
      }
    }
  }

  // Deliberate differences. Each returns true for a dependency whose verdicts may differ, with why.
  const deliberate = [
    ['optionalDependencies are dependencies too: syncpack does not read them, RTT does',
      (name) => groupOf.get(name)?.occurrences.some((o) => o.path === 'optionalDependencies')],
    ['"*" and "latest" are no convergence target: syncpack flags them even alone and proposes them over ranges; ' +
      'RTT proposes the bounded range', (name) => allSpecs(name).some((s) => s === '*' || s === 'latest')],
    ['an npm: alias installs another package under the name: RTT treats it as a non-version specifier, syncpack ' +
      'as the highest version', (name) => allSpecs(name).some((s) => s.startsWith('npm:'))],
  ];
  function allSpecs(name) {
    const fromOurs = groupOf.get(name)?.occurrences.map((o) => o.current) ?? [];
    const fromTheirs = instances.filter((i) => i.dependency === name).map((i) => i.actual.raw);
    return [...fromOurs, ...fromTheirs];
  }
  const excused = (key) => deliberate.find(([, applies]) => applies(key.split('\t')[0]));

  const onlyTheirs = [...theirs.keys()].filter((k) => !ours.has(k));
  const onlyOurs = [...ours.keys()].filter((k) => !theirs.has(k));
  const unexplained = [...onlyTheirs.map((k) => `syncpack only: ${k}`), ...onlyOurs.map((k) => `rtt only: ${k}`)]
    .filter((line) => !excused(line.split(': ')[1]));
  const agreed = [...ours.keys()].filter((k) => theirs.has(k)).length;
  for (const [why, applies] of deliberate) {
    const names = [...new Set([...onlyTheirs, ...onlyOurs].map((k) => k.split('\t')[0]).filter((n) => applies(n)))];
    console.log(`deliberate difference (${names.join(', ') || 'none in fixture'}): ${why}`);
  }
  assert.deepEqual(unexplained, [], 'flagged sets differ beyond the deliberate differences');
  console.log(`ok - rtt doctor and syncpack lint agree on ${agreed} flagged declarations ` +
    `(${theirs.size} flagged by syncpack, ${ours.size} by rtt)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
