import type { Rule } from '../rule';
import { isAllow } from './allowStatement';

/**
 * ALLOW_WITH_NOT_ACTION and ALLOW_WITH_NOT_RESOURCE (Parliament's checks): Allow with NotAction grants every action
 * not listed, today's and future ones; Allow with NotResource grants every resource not listed. SCPs and RCPs are
 * left out: their Allow statements filter permissions rather than grant them.
 */
export const notActionNotResourceRule: Rule = {
  name: 'allowWithNotActionOrResource',
  codes: ['ALLOW_WITH_NOT_ACTION', 'ALLOW_WITH_NOT_RESOURCE'],
  kinds: ['identity', 'resource', 'trust'],
  check({ document, report }) {
    for (const statement of document.statements) {
      if (!isAllow(statement)) continue;
      const { NotAction, NotResource } = statement.elements;
      if (NotAction) {
        report('ALLOW_WITH_NOT_ACTION', NotAction.keyNode, 'Allow with NotAction grants every other action, including ones AWS adds later: list the actions to allow in Action instead.');
      }
      if (NotResource) {
        report('ALLOW_WITH_NOT_RESOURCE', NotResource.keyNode, 'Allow with NotResource grants every other resource: list the resources to allow in Resource instead.');
      }
    }
  },
};
