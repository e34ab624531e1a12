/** One colon-separated field of an ARN, with where it starts inside the string. */
export interface ArnField {
  readonly text: string;
  readonly offset: number;
}

/**
 * Splits an ARN into at most six fields (`arn:partition:service:region:account:resource`); the resource keeps any
 * further colons. Colons inside policy variables (`${aws:username}`) do not split.
 */
export function splitArn(value: string): ArnField[] {
  const fields: ArnField[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < value.length && fields.length < 5; i++) {
    const c = value[i];
    if (c === '$' && value[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      fields.push({ text: value.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  fields.push({ text: value.slice(start), offset: start });
  return fields;
}

/** True when a policy string can stand for many values: it holds a wildcard or a policy variable. */
export function isFlexible(text: string): boolean {
  return text.includes('*') || text.includes('?') || text.includes('${');
}

/** True when a string is nothing but wildcards, so it matches any value of its field. */
export function isAllWildcard(text: string): boolean {
  return text.length > 0 && /^[*]+$/.test(text);
}
