// The sample trail (samples/trail/, real Invictus records) and what the journeys expect to see from it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './codeServer';

/** The folder `trailtight.importLogs` is given (absolute: the keybinding passes it as the command's argument). */
export const SAMPLE_TRAIL = join(ROOT, 'samples/trail');
/** Its one log file. */
export const SAMPLE_TRAIL_FILE = join(SAMPLE_TRAIL, '123837392027_CloudTrail_us-east-1_20230710_stratus-red-team-roles.json');
export const SAMPLE_ACCOUNT = '123837392027';
/** The role whose policy the tighten journey binds, and which the Usage Report journey opens. */
export const STEAL_ROLE = `arn:aws:iam::${SAMPLE_ACCOUNT}:role/stratus-red-team-ec2-steal-credentials-role`;

/** Every role in the sample trail, with the services it called (counted from the file, see samples/trail/SOURCE.md). */
export const SAMPLE_ROLES: Readonly<Record<string, readonly string[]>> = {
  'stratus-red-team-ec2-get-password-data-role': ['ec2'],
  'stratus-red-team-ec2-steal-credentials-role': ['ec2', 'ssm', 'sts'],
  'stratus-red-team-leave-org-role': ['organizations'],
  'stratus-red-team-get-usr-data-role': ['ec2'],
  'stratus-red-team-ec2-enumerate-role': ['ssm'],
  'stratus-red-team-ec2lui-role-pcccexdthk': ['ec2'],
  'stratus-red-team-ec2lui-role-wuzemnoeqa': ['ec2'],
};

/** Imports paths into `<workspace>/.trailtight/` with the packaged CLI (dist/cli.js), before the workbench opens. */
export function importWithCli(workspace: string, paths: readonly string[]): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'import', ...paths, '--cache', join(workspace, '.trailtight')], {
    cwd: workspace,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`trailtight import ${paths.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}`);
}
