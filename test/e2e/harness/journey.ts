// What a journey is: one user story driven through the real workbench. Adding a journey = one new file in
// test/e2e/journeys/ exporting `journey`.
import type { Locator, Page } from 'playwright-core';
import type { CodeServer } from './codeServer';

export interface JourneyContext {
  readonly page: Page;
  readonly server: CodeServer;
  /** This journey's own copy of test/e2e/workspace/ (absolute path); the workbench has it open. */
  readonly workspace: string;
  /**
   * Saves a screenshot of the window, or of `area` only, into test/e2e/artifacts/<name>.png and returns its path.
   * The names in README_SCREENSHOTS (test/e2e/run.ts) are copied to docs/images/ by `--update-screenshots`.
   */
  screenshot(name: string, area?: Locator): Promise<string>;
  /** Logs a step, with the time since the journey started. */
  step(message: string): void;
}

export interface Keybinding {
  readonly key: string;
  readonly command: string;
  readonly args?: unknown;
}

export interface Journey {
  /** Short kebab-case name: used for artifacts and `--only`. */
  readonly name: string;
  readonly description: string;
  /**
   * User keybindings this journey needs, e.g. to run a command with arguments the Command Palette cannot pass
   * (`{ key: 'ctrl+alt+i', command: 'trailtight.importLogs', args: '/abs/path' }`). Written before code-server starts.
   */
  readonly keybindings?: readonly Keybinding[];
  /** Adds or changes files in the fresh workspace copy before the workbench opens it. */
  prepare?(workspace: string): Promise<void> | void;
  run(context: JourneyContext): Promise<void>;
}
