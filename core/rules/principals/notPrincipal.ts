import type { Rule } from '../rule';

/** ALLOW_WITH_NOT_PRINCIPAL: Allow with NotPrincipal grants access to everyone not listed, anonymous users included. */
export const allowWithNotPrincipalRule: Rule = {
  name: 'allowWithNotPrincipal',
  codes: ['ALLOW_WITH_NOT_PRINCIPAL'],
  check({ document, report }) {
    for (const statement of document.statements) {
      const notPrincipal = statement.elements.NotPrincipal;
      const effect = statement.elements.Effect?.value;
      if (!notPrincipal || effect?.type !== 'string' || effect.value !== 'Allow') continue;
      report(
        'ALLOW_WITH_NOT_PRINCIPAL',
        notPrincipal.keyNode,
        'Allow with NotPrincipal grants access to every principal not listed, anonymous ones included. Name the principals in Principal instead, or use NotPrincipal only with Deny.',
      );
    }
  },
};
