import type { Outcome } from './observation';
import { str, type TrailRecord } from './record';

/** Error codes that mean authorisation failed; services vary in spelling, so the family is matched. */
const DENIED_CODE = /^(Client\.)?(AccessDenied\w*|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError(Exception)?)$/;
const NOT_AUTHORIZED = /not authorized to perform: ([\w-]+:[\w*]+)/;

/** `denied` for an authorisation failure; any other error passed authorisation, so the call counts as use. */
export function outcomeOf(record: TrailRecord): Outcome {
  const code = str(record.errorCode);
  if (code === undefined) return 'allowed';
  if (isDeniedCode(code)) return 'denied';
  return saysNotAuthorized(str(record.errorMessage) ?? '') ? 'denied' : 'allowed';
}

/** True for an error code of the authorisation-failure family. */
export function isDeniedCode(code: string): boolean {
  return DENIED_CODE.test(code);
}

/** True when an error message says the caller was not authorised to perform an action. */
export function saysNotAuthorized(message: string): boolean {
  return NOT_AUTHORIZED.test(message);
}

/** The action a denial message names (`... not authorized to perform: s3:GetObject ...`), when it names one. */
export function deniedActionIn(record: TrailRecord): string | undefined {
  return actionNamedIn(str(record.errorMessage) ?? '');
}

/** The action an error message names as not authorised, when it names one. */
export function actionNamedIn(message: string): string | undefined {
  return NOT_AUTHORIZED.exec(message)?.[1];
}
