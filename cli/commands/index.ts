import type { Command } from './command';
import { checkCommand } from './check';
import { fetchCommand } from './fetch';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { tightenCommand } from './tighten';
import { usageCommand } from './usage';

/** Every subcommand; adding one is one line here. */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  fetchCommand,
  generateCommand,
  importCommand,
  tightenCommand,
  usageCommand,
];
