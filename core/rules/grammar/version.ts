import type { Rule } from '../rule';
import { setValue } from '../../fixes/edit';

const CURRENT = '2012-10-17';
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/** MISSING_VERSION and INVALID_VERSION: the policy language version, which variables and features depend on. */
export const versionRule: Rule = {
  name: 'version',
  codes: ['MISSING_VERSION', 'INVALID_VERSION'],
  check({ document, report }) {
    const root = document.root;
    if (root?.type !== 'object') return;
    const version = document.version;
    if (!version) {
      const at = root.children?.[0]?.children?.[0] ?? root;
      report('MISSING_VERSION', at, `Add "Version": "${CURRENT}"; without it IAM uses 2008-10-17, which has no policy variables.`);
      return;
    }
    if (version.value.type !== 'string' || !VERSIONS.has(version.value.value as string)) {
      report('INVALID_VERSION', version.value, `Version must be "${CURRENT}" (or the legacy "2008-10-17").`);
    }
  },
  fixes({ document, code }) {
    if (code === 'MISSING_VERSION') {
      return [{ title: `Add "Version": "${CURRENT}"`, edits: setValue(document.text, ['Version'], CURRENT, { insertAt: 0 }), preferred: true }];
    }
    if (code === 'INVALID_VERSION' && document.version) {
      return [{ title: `Set Version to "${CURRENT}"`, edits: setValue(document.text, [document.version.key], CURRENT), preferred: true }];
    }
    return [];
  },
};
