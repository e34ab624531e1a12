import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

const VARIABLE_CODES = new Set([
  'MISSING_BRACE_IN_VARIABLE', 'EMPTY_VARIABLE', 'UNSUPPORTED_SPACE_IN_VARIABLE', 'MISSING_QUOTE_IN_VARIABLE',
  'VARIABLE_UNSUPPORTED_IN_VERSION', 'VARIABLE_UNSUPPORTED_IN_ELEMENT',
]);
const variableCodes = (text: string) => codes(check(text)).filter((c) => VARIABLE_CODES.has(c));
const withResource = (resource: string, version: string | null = '2012-10-17') =>
  JSON.stringify({ ...(version ? { Version: version } : {}), Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }] }, null, 2);

void test('each malformed variable is reported on the variable inside the string', () => {
  const cases: [string, string, string][] = [
    ['arn:aws:s3:::b/${aws:username/*', 'MISSING_BRACE_IN_VARIABLE', '${aws:username/*'],
    ['arn:aws:s3:::b/$aws:username}/*', 'MISSING_BRACE_IN_VARIABLE', '$aws:username}'],
    ['arn:aws:s3:::b/${}/*', 'EMPTY_VARIABLE', '${}'],
    ['arn:aws:s3:::b/${aws: username}/*', 'UNSUPPORTED_SPACE_IN_VARIABLE', '${aws: username}'],
    ['arn:aws:s3:::b-${aws:PrincipalTag/team, company}', 'MISSING_QUOTE_IN_VARIABLE', '${aws:PrincipalTag/team, company}'],
    ["arn:aws:s3:::b-${aws:PrincipalTag/team, 'company}", 'MISSING_QUOTE_IN_VARIABLE', "${aws:PrincipalTag/team, 'company}"],
  ];
  for (const [resource, code, span] of cases) {
    const text = withResource(resource);
    assert.equal(spanText(text, only(check(text), code)), span, resource);
  }
});

void test('spans stay exact after JSON escapes in the same string', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/\\u0041\\"x/${}"}]}';
  assert.equal(spanText(text, only(check(text), 'EMPTY_VARIABLE')), '${}');
});

void test('well-formed variables, defaults with quotes and the special ${*} ${?} ${$} pass', () => {
  const resource = "arn:aws:s3:::b-${aws:PrincipalTag/team, 'company-wide'}/${aws:username}/${*}${?}${$}/${aws:userid, 'it''s'}";
  assert.deepEqual(variableCodes(withResource(resource)), []);
});

void test('a variable without Version 2012-10-17 is reported, and the fix adds the Version', () => {
  const text = withResource('arn:aws:s3:::b/${aws:username}/*', null);
  const finding = only(check(text), 'VARIABLE_UNSUPPORTED_IN_VERSION');
  assert.equal(spanText(text, finding), '${aws:username}');
  assert.deepEqual(variableCodes(applyFix(text, finding)), []);
  assert.deepEqual(variableCodes(withResource('arn:aws:s3:::b/${aws:username}', '2008-10-17')), ['VARIABLE_UNSUPPORTED_IN_VERSION']);
});

void test('a variable in Action, Sid or Principal is VARIABLE_UNSUPPORTED_IN_ELEMENT; in Condition values it is fine', () => {
  const text = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'x',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:user/${aws:username}' },
          Action: 's3:${aws:username}',
          Resource: '*',
          Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } },
        },
      ],
    },
    null,
    2,
  );
  const found = check(text).filter((f) => f.code === 'VARIABLE_UNSUPPORTED_IN_ELEMENT').map((f) => spanText(text, f));
  assert.deepEqual(found, ['${aws:username}', '${aws:username}']);
  assert.equal(found.length, variableCodes(text).length);
});

void test('the missing opening brace has a fix', () => {
  const text = withResource('arn:aws:s3:::b/$aws:username}/*');
  const fixed = applyFix(text, only(check(text), 'MISSING_BRACE_IN_VARIABLE'));
  assert.match(fixed, /b\/\$\{aws:username\}\/\*/);
  assert.deepEqual(variableCodes(fixed), []);
});
