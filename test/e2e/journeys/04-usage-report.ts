// Journey 4: "Trailtight: Show Usage Report" with a principal ARN argument renders its timeline chart (inline SVG) in
// the webview; a principal and eventName that are markup (`<img src=x onerror=alert(1)>`) render as text.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { Journey } from '../harness/journey';
import { importWithCli, SAMPLE_ACCOUNT, SAMPLE_ROLES, SAMPLE_TRAIL, SAMPLE_TRAIL_FILE, STEAL_ROLE } from '../harness/trail';
import { pressKeybinding } from '../harness/workbench';

const XSS = '<img src=x onerror=alert(1)>';
const XSS_USER = `arn:aws:iam::${SAMPLE_ACCOUNT}:user/${XSS}`;

/**
 * Two records of a user whose name is markup: one calls an eventName that is markup, one a real call. They are the
 * sample trail's GetCallerIdentity record with only the identity, eventName and ids changed.
 */
function hostileRecords(): unknown[] {
  const lines = readFileSync(SAMPLE_TRAIL_FILE, 'utf8').split('\n');
  const source = lines.find((line) => line.includes('"eventName":"GetCallerIdentity"'));
  if (!source) throw new Error('the sample trail has no GetCallerIdentity record');
  const real = JSON.parse(source.replace(/,$/, '')) as Record<string, unknown>;
  const userIdentity = { type: 'IAMUser', principalId: 'AIDAEXAMPLEXSS', arn: XSS_USER, accountId: SAMPLE_ACCOUNT, userName: XSS };
  return [
    { ...real, userIdentity, eventName: XSS, eventID: '00000000-0000-4000-8000-000000000001' },
    { ...real, userIdentity, eventID: '00000000-0000-4000-8000-000000000002' },
  ];
}

/** The content frame of the visible webview (hidden webviews keep their iframes). */
function visibleWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
}

export const journey: Journey = {
  name: 'usage-report',
  description: 'the Usage Report webview renders its chart; values from the logs that are markup render as text',
  keybindings: [
    { key: 'ctrl+alt+shift+u', command: 'trailtight.showUsageReport', args: STEAL_ROLE },
    { key: 'ctrl+alt+shift+x', command: 'trailtight.showUsageReport', args: XSS_USER },
  ],
  prepare(workspace) {
    const hostile = join(workspace, 'hostile-trail');
    mkdirSync(hostile, { recursive: true });
    writeFileSync(join(hostile, 'hostile.json'), JSON.stringify({ Records: hostileRecords() }));
    importWithCli(workspace, [SAMPLE_TRAIL, hostile]);
  },
  async run({ page, screenshot, step }) {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    step(`show the Usage Report of ${STEAL_ROLE}`);
    await pressKeybinding(page, 'Control+Alt+Shift+U');
    await page.locator('.tabs-container .tab.active', { hasText: 'Usage: stratus-red-team-ec2-steal-credentials-role' }).waitFor();
    let report = visibleWebview(page);
    await report.locator('p.principal code').filter({ hasText: STEAL_ROLE }).waitFor();

    step('one chart row per service it called, each with a bar');
    const services = SAMPLE_ROLES['stratus-red-team-ec2-steal-credentials-role'] ?? [];
    const rows = report.locator('table.timeline tbody tr');
    await rows.nth(services.length - 1).waitFor();
    const names = await rows.locator('th').allTextContents();
    if (names.slice().sort().join() !== services.join()) throw new Error(`chart rows ${JSON.stringify(names)}, expected ${JSON.stringify(services)}`);
    for (const service of services) {
      const chart = rows.filter({ has: page.locator('th', { hasText: new RegExp(`^${service}$`) }) }).locator('svg.chart');
      await chart.locator('g.day rect.allowed').first().waitFor({ state: 'attached' });
    }
    await screenshot('usage-report', page.locator('.part.editor'));

    step('a principal and eventName that are markup render as text');
    await pressKeybinding(page, 'Control+Alt+Shift+X');
    await page.locator('.tabs-container .tab.active', { hasText: `Usage: ${XSS}` }).waitFor();
    report = visibleWebview(page);
    await report.locator('p.principal code').filter({ hasText: XSS_USER }).waitFor();
    await report.locator('table.timeline tbody tr').first().waitFor();
    const images = await report.locator('img').count();
    if (images !== 0) throw new Error(`the report contains ${images} <img> element(s) made from log values`);
    if (dialogs.length > 0) throw new Error(`a dialog opened: ${JSON.stringify(dialogs)}`);
  },
};
