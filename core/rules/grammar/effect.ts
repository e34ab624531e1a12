import type { Rule } from '../rule';
import { setValue } from '../../fixes/edit';

const EFFECTS = ['Allow', 'Deny'];

/** INVALID_EFFECT: Effect is exactly "Allow" or "Deny" (case-sensitive); a case variant gets a fix. */
export const effectRule: Rule = {
  name: 'effect',
  codes: ['INVALID_EFFECT'],
  check({ document, report }) {
    for (const s of document.statements) {
      const value = s.elements.Effect?.value;
      if (value?.type !== 'string' || EFFECTS.includes(value.value as string)) continue;
      const meant = EFFECTS.find((e) => e.toLowerCase() === (value.value as string).trim().toLowerCase());
      report(
        'INVALID_EFFECT',
        value,
        meant ? `Effect is case-sensitive: write "${meant}".` : 'Effect must be "Allow" or "Deny".',
        meant ? { effect: meant } : undefined,
      );
    }
  },
  fixes({ document, path, data }) {
    const effect = data?.effect;
    if (typeof effect !== 'string') return [];
    return [{ title: `Change to "${effect}"`, edits: setValue(document.text, path, effect), preferred: true }];
  },
};
