import { GraphQLError } from 'graphql';

/**
 * Expected, user-facing errors. Each carries a stable `extensions.code` that clients may switch on;
 * the message tells the user what to change. Anything else thrown is unexpected: masked for the
 * client and logged with its stack (see server.ts).
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'DATABASE_UNAVAILABLE'
  | 'QUERY_TOO_LARGE'
  | LimitErrorCode
  | ImportErrorCode
  | CurationErrorCode;

/** A request refused or stopped by a configured limit (src/http/query-limits.plugin.ts, body size). */
export type LimitErrorCode =
  'QUERY_TOO_DEEP' | 'QUERY_TOO_COSTLY' | 'REQUEST_TIMEOUT' | 'PAYLOAD_TOO_LARGE' | 'OVERLOADED' | 'RESPONSE_TOO_LARGE';

/** Why one input file or mutation payload could not be imported. Nothing is stored when raised. */
export type ImportErrorCode =
  | 'EMPTY_INPUT'
  | 'BINARY_INPUT'
  | 'UNDECODABLE_INPUT'
  | 'NOT_A_REPORT'
  | 'PDF_WITHOUT_TEXT'
  | 'UNKNOWN_JURISDICTION'
  | 'AMBIGUOUS_JURISDICTION'
  | 'UNKNOWN_ORGAN'
  | 'UNKNOWN_YEAR';

/** Why a change to stored reports (an import, a correction, a withdrawal, a restore) was refused. Nothing changes when raised. */
export type CurationErrorCode =
  /** An override says otherwise than the report's own text (a year, a jurisdiction its organ's name does not point to). */
  | 'OVERRIDE_CONTRADICTS_TEXT'
  /** A new revision would replace a report's values with far fewer. */
  | 'REVISION_LOSES_VALUES'
  /** The report (or a report of the same content) is withdrawn: restore it first. */
  | 'REPORT_WITHDRAWN'
  /** Restoring a report that is not withdrawn. */
  | 'REPORT_NOT_WITHDRAWN'
  /** The revision was superseded: act on the current one. */
  | 'REPORT_SUPERSEDED';

/**
 * `details.http` (status, headers) sets the HTTP answer when the error ends a request before or instead
 * of its execution (Apollo Server reads and removes it); the body keeps `extensions.code`.
 */
abstract class ExpectedError extends GraphQLError {
  constructor(
    message: string,
    code: ErrorCode,
    details: Record<string, unknown> = {},
    options: { path?: readonly (string | number)[] } = {},
  ) {
    super(message, { extensions: { code, ...details }, path: options.path });
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class BadUserInputError extends ExpectedError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'BAD_USER_INPUT', details);
  }
}

export class NotFoundError extends ExpectedError {
  constructor(message: string) {
    super(message, 'NOT_FOUND');
  }
}

/** A write without a valid token: 401 with `WWW-Authenticate: Bearer`. */
export class UnauthenticatedError extends ExpectedError {
  constructor(message = 'This operation changes data: send `Authorization: Bearer <token>` with a configured write token.') {
    super(message, 'UNAUTHENTICATED', { http: { status: 401, headers: new Map([['www-authenticate', 'Bearer realm="ogi-stats"']]) } });
  }
}

/** A write on a server that accepts none (no OGI_WRITE_TOKENS): 403, whatever the credentials. */
export class ForbiddenError extends ExpectedError {
  constructor(
    message = 'This server accepts no writes (no write tokens are configured): import with the CLI (npm run ogi -- import), or ask its operator.',
  ) {
    super(message, 'FORBIDDEN', { http: { status: 403 } });
  }
}

/** The database cannot take this request now (gone, or not answering): 503, try again later. */
export class DatabaseUnavailableError extends ExpectedError {
  constructor(message: string) {
    super(message, 'DATABASE_UNAVAILABLE', { http: { status: 503 } });
  }
}

export class QueryTooLargeError extends ExpectedError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'QUERY_TOO_LARGE', details);
  }
}

/** Over a configured limit; the message names the limit, its setting and what to ask for instead. */
export class LimitExceededError extends ExpectedError {
  constructor(
    code: LimitErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options: { path?: readonly (string | number)[] } = {},
  ) {
    super(message, code, details, options);
  }
}

/** A report that cannot be imported; `code` says why in a stable form, the message says what to do. */
export class ImportRejectedError extends ExpectedError {
  constructor(code: ImportErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, code, details);
  }
}

/** A change to stored reports that is refused; `code` says why, the message what to do instead. */
export class CurationRejectedError extends ExpectedError {
  constructor(code: CurationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, code, details);
  }
}

export function isExpectedError(error: unknown): error is ExpectedError {
  return error instanceof ExpectedError;
}
