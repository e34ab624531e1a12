import type { Rule } from '../rule';

const PAIRS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

/** UNSUPPORTED_ELEMENT_COMBINATION: an element and its Not- form in one statement; reported on the later one. */
export const combinationsRule: Rule = {
  name: 'combinations',
  codes: ['UNSUPPORTED_ELEMENT_COMBINATION'],
  check({ document, report }) {
    for (const s of document.statements) {
      for (const [plain, negated] of PAIRS) {
        const a = s.elements[plain];
        const b = s.elements[negated];
        if (!a || !b) continue;
        const later = a.keyNode.offset > b.keyNode.offset ? a : b;
        const other = later === a ? b : a;
        report(
          'UNSUPPORTED_ELEMENT_COMBINATION',
          { span: { offset: later.keyNode.offset, length: later.keyNode.length }, path: later.path },
          `A statement cannot have both "${plain}" and "${negated}"; keep one, or split into two statements.`,
          { other: other.key },
        );
      }
    }
  },
};
