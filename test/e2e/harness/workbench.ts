// Playwright helpers for the VS Code workbench: every step waits on DOM state, never on time.
import type { Locator, Page } from 'playwright-core';

/** Waits until the workbench has rendered and the Explorer shows the workspace folder's files. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor to be active. */
export async function openFile(page: Page, relativePath: string): Promise<Locator> {
  const name = relativePath.split('/').pop() ?? relativePath;
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  await input.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible' });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ state: 'visible' });
  return editor;
}

/**
 * Gives the editor keyboard focus by clicking the text of its first line. Never a fixed offset from the editor's top:
 * that is where CodeLenses render, and which lens sits there changes once the usage history has loaded.
 */
export async function focusEditor(editor: Locator): Promise<void> {
  await editor.locator('.view-line').first().click();
  await editor.locator('textarea.inputarea, .native-edit-context').first().and(editor.page().locator(':focus')).waitFor({ state: 'attached' });
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns it. */
export async function showProblems(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible' });
  return panel;
}

/** The Problems row for a diagnostic code (the panel shows it as `trailtight(CODE)`). */
export function problemRow(panel: Locator, code: string): Locator {
  return panel.locator('.monaco-list-row', { hasText: code });
}

/** Puts the cursor inside the text a squiggle underlines, the way a user clicks on it. */
export async function clickSquiggle(page: Page, squiggle: Locator): Promise<void> {
  // The server may publish the same diagnostics again (after loading settings or usage), which redraws the squiggle:
  // wait for it to be on screen again and retry a few times rather than fail on a node that was just replaced.
  let box: { x: number; y: number; width: number; height: number } | null = null;
  for (let attempt = 0; attempt < 5 && !box; attempt++) {
    await squiggle.waitFor({ state: 'visible' });
    box = await squiggle.boundingBox();
  }
  if (!box) throw new Error('the squiggle has no box on screen');
  // Squiggles are drawn under the text layer; click the middle of the underlined word.
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/**
 * Opens the quick-fix menu (Ctrl+.) and waits for the row titled `title`; returns `apply`, which selects that row with
 * the keyboard and presses Enter (the menu blocks pointer clicks until the mouse moves, as it does for a person).
 */
export async function quickFix(page: Page, title: string): Promise<{ row: Locator; apply: () => Promise<void> }> {
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row.action');
  const row = rows.filter({ hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  const apply = async (): Promise<void> => {
    const count = await rows.count();
    for (let i = 0; i <= count && !(await isFocused(row)); i++) await page.keyboard.press('ArrowDown');
    if (!(await isFocused(row))) throw new Error(`could not select the quick fix "${title}"`);
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').waitFor({ state: 'hidden' });
  };
  return { row, apply };
}

async function isFocused(row: Locator): Promise<boolean> {
  return ((await row.getAttribute('class')) ?? '').split(/\s+/).includes('focused');
}

/**
 * Presses a user keybinding (from a journey's `keybindings`) with the focus in the workbench, not in a webview: clicks
 * the empty middle of the status bar first (its items sit at both ends).
 */
export async function pressKeybinding(page: Page, key: string): Promise<void> {
  const statusBar = page.locator('.monaco-workbench .part.statusbar');
  const box = await statusBar.boundingBox();
  if (!box) throw new Error('the status bar is not on screen');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.press(key);
}

/**
 * Starts recording the text of every notification toast that appears from now on, including ones shown and hidden
 * between two checks (a MutationObserver in the page). `seen()` returns what was recorded so far.
 */
export async function recordNotifications(page: Page): Promise<{ seen: () => Promise<string[]> }> {
  // A string, not a function: tsx compiles functions with helpers (__name) that do not exist in the page.
  await page.evaluate(`(() => {
    const store = (window.__trailtightToasts = []);
    const record = () => {
      for (const toast of document.querySelectorAll('.notifications-toasts .notification-toast')) {
        const text = (toast.textContent || '').trim();
        if (text && !store.includes(text)) store.push(text);
      }
    };
    new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
    record();
  })()`);
  return { seen: () => page.evaluate<string[]>('[...(window.__trailtightToasts || [])]') };
}

/** A row of a tree view whose label is exactly `label` (the accessible name may be a tooltip; the label is not). */
export function treeItem(scope: Locator, label: string): Locator {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return scope.getByRole('treeitem').filter({ has: scope.page().locator('.label-name', { hasText: exact }) });
}

/** Expands a collapsed tree row (ArrowRight on the focused row, as a keyboard user would). */
export async function expand(row: Locator): Promise<void> {
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.click();
  await row.press('ArrowRight');
  await row.and(row.page().locator('[aria-expanded="true"]')).waitFor({ state: 'visible' });
}

/** Runs a command from the Command Palette (F1) by its full title, e.g. "Trailtight: Show Output". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  // The first row is focused once the list has filtered down to it.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor({ state: 'visible' });
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}
