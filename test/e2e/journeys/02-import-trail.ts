// Journey 2: import the sample trail through the command with a path argument (a user keybinding passes it, so no
// native dialog): a progress notification, the summary, then the Last Accessed panel lists its roles and services.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Journey } from '../harness/journey';
import { waitForFile } from '../harness/files';
import { SAMPLE_ACCOUNT, SAMPLE_ROLES, SAMPLE_TRAIL } from '../harness/trail';
import { expand, pressKeybinding, recordNotifications, treeItem } from '../harness/workbench';

const IMPORT_KEY = 'Control+Alt+Shift+I';
const FOCUS_VIEW_KEY = 'Control+Alt+Shift+L';

export const journey: Journey = {
  name: 'import-trail',
  description: 'import the sample trail with a path argument; progress, summary, the Last Accessed panel lists roles and services',
  keybindings: [
    { key: 'ctrl+alt+shift+i', command: 'trailtight.importLogs', args: SAMPLE_TRAIL },
    { key: 'ctrl+alt+shift+l', command: 'trailtight.lastAccessed.focus' },
  ],
  async run({ page, workspace, screenshot, step }) {
    const cache = join(workspace, '.trailtight/cache.json');
    if (existsSync(cache)) throw new Error(`${cache} exists before the import`);

    step('the Last Accessed panel starts empty, offering an import');
    await pressKeybinding(page, FOCUS_VIEW_KEY);
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Last Accessed' }) });
    await view.locator('.welcome-view-content', { hasText: 'Import CloudTrail Logs' }).waitFor({ state: 'visible' });

    step(`run trailtight.importLogs with ${SAMPLE_TRAIL}`);
    const toasts = await recordNotifications(page);
    await pressKeybinding(page, IMPORT_KEY);
    const summary = page.locator('.notifications-toasts .notification-toast', { hasText: 'Imported 1 file: 70 records' });
    await summary.waitFor({ state: 'visible', timeout: 60_000 });
    const seen = await toasts.seen();
    if (!seen.some((text) => text.includes('importing CloudTrail logs'))) {
      throw new Error(`no progress notification was shown; notifications seen: ${JSON.stringify(seen)}`);
    }
    await waitForFile(cache, (text) => text.includes(SAMPLE_ACCOUNT));

    step('the panel lists the account and its seven roles');
    await treeItem(view, SAMPLE_ACCOUNT).waitFor({ state: 'visible' });
    for (const role of Object.keys(SAMPLE_ROLES)) await treeItem(view, role).waitFor({ state: 'visible' });

    step('a role expands to the services it called');
    const role = 'stratus-red-team-ec2-steal-credentials-role';
    await expand(treeItem(view, role));
    for (const service of SAMPLE_ROLES[role] ?? []) await treeItem(view, service).waitFor({ state: 'visible' });
    await screenshot('last-accessed');
  },
};
