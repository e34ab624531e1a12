import type { Severity } from '../findings/finding';
import { FINDINGS } from '../findings/table';
import type { AttachedTo } from '../rules/rule';
import type { SeverityOverrides } from '../validate';

/** Trailtight's settings after normalisation: every value valid, defaults filled in. */
export interface Settings {
  readonly severity: SeverityOverrides;
  readonly inlinePolicyOf: AttachedTo;
}

export const DEFAULT_SETTINGS: Settings = { severity: {}, inlinePolicyOf: 'managed' };

const LEVELS: readonly (Severity | 'off')[] = ['error', 'warning', 'info', 'hint', 'off'];
const ATTACHED: readonly AttachedTo[] = ['managed', 'user', 'group', 'role'];

/** Keeps the valid entries of a code -> level map; `where` names the setting or flag in the problems. */
export function normalizeSeverity(raw: unknown, where: string): { overrides: SeverityOverrides; problems: string[] } {
  const overrides: Record<string, Severity | 'off'> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { overrides, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { overrides, problems: [`${where} must be an object mapping finding codes to ${LEVELS.join('|')}.`] };
  }
  for (const [code, level] of Object.entries(raw)) {
    const canonical = code.toUpperCase();
    if (!FINDINGS.has(canonical)) problems.push(`${where}: unknown finding code "${code}" (ignored).`);
    else if (!LEVELS.includes(level as Severity)) {
      problems.push(`${where}: "${code}" must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(level)} (ignored).`);
    } else overrides[canonical] = level as Severity | 'off';
  }
  return { overrides, problems };
}

/**
 * Normalises the `trailtight` settings section as an editor sends it. Invalid values fall back to defaults and are
 * described in `problems` so the adapter can tell the user.
 */
export function normalizeSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const section = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const { overrides, problems } = normalizeSeverity(section.severity, 'trailtight.severity');
  let inlinePolicyOf = DEFAULT_SETTINGS.inlinePolicyOf;
  const attached = section.inlinePolicyOf;
  if (ATTACHED.includes(attached as AttachedTo)) inlinePolicyOf = attached as AttachedTo;
  else if (attached !== undefined && attached !== null) {
    problems.push(`trailtight.inlinePolicyOf must be one of ${ATTACHED.join(', ')}; using "managed".`);
  }
  return { settings: { severity: overrides, inlinePolicyOf }, problems };
}
