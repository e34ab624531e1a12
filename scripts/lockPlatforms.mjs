// Adds the lock entries of DuckDB's per-platform binding packages that the registry these machines reach does not
// serve (it has linux-x64 only), so npm cannot write them and `npm ci` would reject the lockfile as out of sync.
// The entries are what npm writes on a machine with the full registry, less `integrity` (npm fills that in when it
// downloads one). Run after any change of @duckdb/node-api's version: `node scripts/lockPlatforms.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const FILE = new URL('../package-lock.json', import.meta.url);
const PREFIX = 'node_modules/@duckdb/node-bindings';
const PLATFORMS = [
  ['darwin-arm64', 'darwin', 'arm64'],
  ['darwin-x64', 'darwin', 'x64'],
  ['linux-arm64', 'linux', 'arm64', 'glibc'],
  ['linux-arm64-musl', 'linux', 'arm64', 'musl'],
  ['linux-x64', 'linux', 'x64', 'glibc'],
  ['linux-x64-musl', 'linux', 'x64', 'musl'],
  ['win32-arm64', 'win32', 'arm64'],
  ['win32-x64', 'win32', 'x64'],
];

const lock = JSON.parse(readFileSync(FILE, 'utf8'));
const parent = lock.packages[PREFIX];
if (!parent) throw new Error(`${PREFIX} is not in package-lock.json: run npm install first`);
// Every binding entry goes right after the parent, in PLATFORMS order (npm's); ones npm wrote keep their integrity.
const others = Object.entries(lock.packages).filter(([key]) => !key.startsWith(`${PREFIX}-`));
const at = others.findIndex(([key]) => key === PREFIX) + 1;
const added = [];
const bindings = PLATFORMS.map(([name, os, cpu, libc]) => {
  const key = `${PREFIX}-${name}`;
  const known = lock.packages[key];
  if (known && known.version === parent.version) return [key, known];
  added.push(key);
  return [key, { version: parent.version, cpu: [cpu], dev: true, ...(libc ? { libc: [libc] } : {}), license: 'MIT', optional: true, os: [os] }];
});
if (added.length > 0) {
  lock.packages = Object.fromEntries([...others.slice(0, at), ...bindings, ...others.slice(at)]);
  writeFileSync(FILE, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(added.length > 0 ? `added or updated: ${added.join(', ')}` : 'package-lock.json already has every platform binding');
