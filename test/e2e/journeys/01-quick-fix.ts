// Journey 1: a broken policy shows an error squiggle and a Problems entry with its code; the quick fix (Ctrl+.)
// repairs it, and after saving the file on disk is fixed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Journey } from '../harness/journey';
import { waitForFile } from '../harness/files';
import { clickSquiggle, focusEditor, openFile, problemRow, quickFix, showProblems } from '../harness/workbench';

const FILE = 'policies/read-reports.json';

export const journey: Journey = {
  name: 'quick-fix',
  description: 'open a broken policy, see the error and its code, apply the quick fix, save',
  async run({ page, workspace, screenshot, step }) {
    const path = join(workspace, FILE);
    const original = readFileSync(path, 'utf8');
    const expected = original.replace('"Effect": "allow"', '"Effect": "Allow"');
    if (expected === original) throw new Error(`${FILE} no longer contains the broken Effect this journey fixes`);

    step(`open ${FILE}`);
    const editor = await openFile(page, FILE);

    step('an error squiggle under "allow" and a warning for the missing Version');
    const error = editor.locator('.squiggly-error');
    await error.first().waitFor({ state: 'visible' });
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'visible' });

    step('Problems lists INVALID_EFFECT and MISSING_VERSION');
    const problems = await showProblems(page);
    await problemRow(problems, 'INVALID_EFFECT').waitFor({ state: 'visible' });
    await problemRow(problems, 'MISSING_VERSION').waitFor({ state: 'visible' });

    step('Ctrl+. on the squiggle offers the fix');
    await clickSquiggle(page, error.first());
    const fix = await quickFix(page, 'Change to "Allow"');
    await screenshot('quick-fix', page.locator('.part.editor'));
    await fix.apply();

    step('the error is gone from the editor and from Problems');
    await error.first().waitFor({ state: 'detached' });
    await problemRow(problems, 'INVALID_EFFECT').waitFor({ state: 'detached' });
    await problemRow(problems, 'MISSING_VERSION').waitFor({ state: 'visible' });

    step('save; the file on disk is fixed');
    await focusEditor(editor);
    await page.keyboard.press('Control+S');
    await waitForFile(path, (text) => text === expected);
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  },
};
