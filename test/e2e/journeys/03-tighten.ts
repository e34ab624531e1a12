// Journey 3: a policy bound to a role of the sample trail (.trailtight/bindings.json) shows UNUSED_ACTION; "Trailtight:
// Tighten to Observed Usage" opens VS Code's refactor preview; Apply, save: the file on disk is the expected document.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Journey } from '../harness/journey';
import { ROOT } from '../harness/codeServer';
import { waitForFile } from '../harness/files';
import { importWithCli, SAMPLE_TRAIL, STEAL_ROLE } from '../harness/trail';
import { focusEditor, openFile, problemRow, runCommand, showProblems } from '../harness/workbench';

const FILE = 'policies/ssm-agent-role.json';
/** What tightening FILE to the sample trail's steal-credentials role gives (4 unused actions and 1 statement go). */
const EXPECTED = join(ROOT, 'test/e2e/expected/ssm-agent-role.tightened.json');
const UNUSED = ['ssm:SendCommand', 'ssm:DeleteDocument', 'ec2:DescribeVolumes', 'ec2:TerminateInstances'];

export const journey: Journey = {
  name: 'tighten',
  description: 'a bound policy shows UNUSED_ACTION; Tighten to Observed Usage, accept the preview, save; the file is the expected document',
  prepare(workspace) {
    // Only this journey's workspace binds the policy; the other journeys and the in-host tests see no bindings file.
    mkdirSync(join(workspace, '.trailtight'), { recursive: true });
    const bindings = { bindings: [{ path: FILE, principal: STEAL_ROLE, kind: 'identity' }] };
    writeFileSync(join(workspace, '.trailtight/bindings.json'), `${JSON.stringify(bindings, null, 2)}\n`);
    importWithCli(workspace, [SAMPLE_TRAIL]);
  },
  async run({ page, workspace, screenshot, step }) {
    const path = join(workspace, FILE);
    const expected = readFileSync(EXPECTED, 'utf8');
    const original = readFileSync(path, 'utf8');
    for (const action of UNUSED) if (!original.includes(`"${action}"`)) throw new Error(`${FILE} no longer grants ${action}`);

    step(`open ${FILE}: a warning squiggle, and UNUSED_ACTION for each of ${UNUSED.length} unused actions in Problems`);
    const editor = await openFile(page, FILE);
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'visible' });
    const problems = await showProblems(page);
    const unused = problemRow(problems, 'UNUSED_ACTION');
    await unused.nth(UNUSED.length - 1).waitFor({ state: 'visible', timeout: 30_000 });
    if ((await unused.count()) !== UNUSED.length) throw new Error(`${await unused.count()} UNUSED_ACTION rows, expected ${UNUSED.length}`);

    step('Trailtight: Tighten to Observed Usage opens the refactor preview');
    await focusEditor(editor);
    await runCommand(page, 'Trailtight: Tighten to Observed Usage');
    const apply = page.locator('.bulk-edit-panel .buttons .monaco-button', { hasText: /^Apply$/ });
    await apply.waitFor({ state: 'visible' });
    // Edits that need confirmation start unchecked in the preview: tick the file (all its edits), as a user accepts.
    const boxes = page.locator('.bulk-edit-panel .edit-checkbox');
    await boxes.first().check();
    for (const box of await boxes.all()) if (!(await box.isChecked())) throw new Error('an edit of the preview stayed unchecked');
    await screenshot('tighten-preview');

    step('apply; the unused actions are gone from the editor and from Problems');
    await apply.click();
    await page.locator('.bulk-edit-panel .buttons').waitFor({ state: 'hidden' });
    await showProblems(page);
    await unused.first().waitFor({ state: 'detached' });

    // VS Code saves files a refactoring changed (files.refactoring.autoSave, on by default); saving again is harmless.
    step('save; the file on disk is the expected document');
    await focusEditor(editor);
    await page.keyboard.press('Control+S');
    await waitForFile(path, (text) => text === expected);
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  },
};
