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
  const everyOccurrence = new Map();
  const groupOf = new Map();
  for (const group of report.groups) {
    groupOf.set(group.name, group);
    for (const o of group.occurrences) {
      const key = `${group.name}\t${o.file}\t${o.path}`;
      everyOccurrence.set(key, o);
      if (o.status === 'drift' || o.status === 'unfixable' || o.status === 'banned') {
        ours.set(key, o);
      }
    }
  }

  // Deliberate differences. Each returns true for a (dependency, package.json, property) whose verdicts may
  // differ, with why.
  const nameOf = (key) => key.split('\t')[0];
  const versionOf = (spec) => spec.replace(/^(workspace:)?(\^|~|[<>]=?|=)?/, '');
  const deliberate = [
    ['optionalDependencies are dependencies too: syncpack does not read them, RTT does',
      (key) => groupOf.get(nameOf(key))?.occurrences.some((o) => o.path === 'optionalDependencies')],
    ['"*" and "latest" are no convergence target: syncpack flags them even alone and proposes them over ranges; ' +
      'RTT leaves * alone while it admits the version chosen, and flags latest beside versions without rewriting it',
      (key) => allSpecs(nameOf(key)).some((s) => s === '*' || s === 'latest')],
    ['an npm: alias installs another package under the name: RTT groups it with the package it installs, syncpack ' +
      'ranks it as the highest version of the name', (key) => allSpecs(nameOf(key)).some((s) => s.startsWith('npm:'))],
    ['a declaration naming the version chosen with another range operator (~1.2.0 beside ^1.2.0) is no drift: ' +
      "RTT's fix keeps each specifier's style and moves only its version, syncpack without a semverGroup wants " +
      'every specifier identical', (key) => everyOccurrence.get(key)?.status === 'ok' && theirs.has(key) &&
        /^\d/.test(versionOf(theirs.get(key).actual.raw)) &&
        versionOf(theirs.get(key).actual.raw) === versionOf(theirs.get(key).expected?.raw ?? '')],
    ['a peerDependencies range states compatibility: RTT checks the version chosen against it and never rewrites ' +
      'it, syncpack rewrites it to the highest version', (key) => key.endsWith('\tpeerDependencies') &&
        everyOccurrence.get(key)?.status === 'ok'],
  ];
  function allSpecs(name) {
    const fromOurs = groupOf.get(name)?.occurrences.map((o) => o.current) ?? [];
    const fromTheirs = instances.filter((i) => i.dependency === name).map((i) => i.actual.raw);
    return [...fromOurs, ...fromTheirs];
  }
  const excused = (key) => deliberate.find(([, applies]) => applies(key));

  const onlyTheirs = [...theirs.keys()].filter((k) => !ours.has(k));
  const onlyOurs = [...ours.keys()].filter((k) => !theirs.has(k));
  const unexplained = [...onlyTheirs.map((k) => `syncpack only: ${k}`), ...onlyOurs.map((k) => `rtt only: ${k}`)]
    .filter((line) => !excused(line.slice(line.indexOf(': ') + 2)));
  const agreed = [...ours.keys()].filter((k) => theirs.has(k)).length;
  for (const [why, applies] of deliberate) {
    const names = [...new Set([...onlyTheirs, ...onlyOurs].filter((k) => applies(k)).map(nameOf))];
    console.log(`deliberate difference (${names.join(', ') || 'none in fixture'}): ${why}`);
  }
  assert.deepEqual(unexplained, [], 'flagged sets differ beyond the deliberate differences');
  console.log(`ok - rtt doctor and syncpack lint agree on ${agreed} flagged declarations ` +
    `(${theirs.size} flagged by syncpack, ${ours.size} by rtt)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
