#!/usr/bin/env node
// Build step (npm run build, last): writes dist/build-id, a hash of every built file and the
// package version. The rollup cache (src/io/rollup-cache.ts) keys its entries by it, so that a
// section computed by one build of rhythm is never read by another.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const hash = createHash('sha256').update(readFileSync(new URL('../package.json', import.meta.url)));
for (const name of readdirSync(dist, { recursive: true }).map(String).sort()) {
  if (name.endsWith('.js') || name.endsWith('.json')) hash.update(name).update('\0').update(readFileSync(join(dist, name)));
}
writeFileSync(join(dist, 'build-id'), `${hash.digest('hex')}\n`);
