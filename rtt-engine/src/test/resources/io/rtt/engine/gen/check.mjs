// Drives a generated Node connector against a served sqlite route; run by GeneratedConnectorsTest.
// usage: node check.mjs CONNECTORS_DIR WORKSPACE
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, workspace] = process.argv.slice(2);
const { DEADLINE_MS, LedgerClient, RouteError } = await import(pathToFileURL(join(dir, 'ledger-client.mjs')).href);
const { ShopClient } = await import(pathToFileURL(join(dir, 'shop-client.mjs')).href);

const ledger = new LedgerClient(workspace);
try {
  await ledger.query('CREATE TABLE node_items(id INTEGER PRIMARY KEY, name TEXT)');
  const results = await ledger.transaction([['INSERT INTO node_items VALUES (?, ?)', [1, 'one']],
    ['INSERT INTO node_items VALUES (?, ?)', [2, 'two']]]);
  console.log('tx', results.map((result) => result.changes).join(''));
  console.log('rows', JSON.stringify((await ledger.query('SELECT id, name FROM node_items WHERE id >= ? ORDER BY id', [1])).rows));
  try {
    await ledger.query('SELECT * FROM nowhere');
    console.log('no error');
  } catch (error) {
    console.log(error instanceof RouteError ? 'error' : 'other error', error.message);
  }
  console.log('deadline', DEADLINE_MS, 'ms');
} finally {
  ledger.close();
}

const shop = new ShopClient(workspace);
try {
  console.log('echo', new TextDecoder().decode(await shop.call(new TextEncoder().encode('hello shop'))));
} finally {
  shop.close();
}
