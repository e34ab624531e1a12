import type { Command } from './command';
import { checkCommand } from './check';
import { fetchCommand } from './fetch';
import { importCommand } from './import';
import { usageCommand } from './usage';

/** Every subcommand; adding one is one line here. */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  fetchCommand,
  importCommand,
  usageCommand,
];
