import type { Severity } from '../findings/finding';
import { FINDINGS } from '../findings/table';
import type { AttachedTo } from '../rules/rule';
import type { SeverityOverrides } from '../validate';

/** The `trailtight.usage.*` settings: the safety rails of usage findings and tightening (DESIGN.md). */
export interface UsageSettingsSection {
  readonly windowDays: number;
  readonly minCoverageDays: number;
  readonly staleDays: number;
  readonly keepMarker: string;
  /** Tightening also removes actions whose use the history cannot show. */
  readonly includeNotObservableInTighten: boolean;
}

/** Trailtight's settings after normalisation: every value valid, defaults filled in. */
export interface Settings {
  readonly severity: SeverityOverrides;
  readonly inlinePolicyOf: AttachedTo;
  readonly usage: UsageSettingsSection;
}

export const DEFAULT_USAGE_SECTION: UsageSettingsSection = {
  windowDays: 90,
  minCoverageDays: 30,
  staleDays: 7,
  keepMarker: 'KEEP',
  includeNotObservableInTighten: false,
};

export const DEFAULT_SETTINGS: Settings = { severity: {}, inlinePolicyOf: 'managed', usage: DEFAULT_USAGE_SECTION };

/** Ten years: a window or limit longer than any CloudTrail history anyone keeps locally. */
const MAX_DAYS = 3650;

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
  const usage = normalizeUsage(section.usage, problems);
  return { settings: { severity: overrides, inlinePolicyOf, usage }, problems };
}

/** Normalises `trailtight.usage` (an object, as VS Code nests dotted settings); bad values keep their default. */
function normalizeUsage(raw: unknown, problems: string[]): UsageSettingsSection {
  const section = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const days = (name: 'windowDays' | 'minCoverageDays' | 'staleDays', min: number): number => {
    const value = section[name];
    const fallback = DEFAULT_USAGE_SECTION[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= MAX_DAYS) return value;
    problems.push(`trailtight.usage.${name} must be a number of days from ${min} to ${MAX_DAYS}; using ${fallback}.`);
    return fallback;
  };
  const windowDays = days('windowDays', 1);
  const minCoverageDays = days('minCoverageDays', 0);
  const staleDays = days('staleDays', 0);
  let keepMarker = DEFAULT_USAGE_SECTION.keepMarker;
  if (typeof section.keepMarker === 'string') keepMarker = section.keepMarker;
  else if (section.keepMarker !== undefined && section.keepMarker !== null) {
    problems.push(`trailtight.usage.keepMarker must be a string; using "${keepMarker}".`);
  }
  let includeNotObservableInTighten = DEFAULT_USAGE_SECTION.includeNotObservableInTighten;
  if (typeof section.includeNotObservableInTighten === 'boolean') includeNotObservableInTighten = section.includeNotObservableInTighten;
  else if (section.includeNotObservableInTighten !== undefined && section.includeNotObservableInTighten !== null) {
    problems.push('trailtight.usage.includeNotObservableInTighten must be true or false; using false.');
  }
  return { windowDays, minCoverageDays, staleDays, keepMarker, includeNotObservableInTighten };
}
