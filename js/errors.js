// LabelcheckError: every failure of the labelcheck API, with a stable `code`.
//
// Codes mirror the C++ Status enum (src/labelcheck/status.hpp, statusCode()) plus the few that
// only the JavaScript layer can raise (NOT_INITIALIZED, LOAD_FAILED).

/** Every code a LabelcheckError can carry (see index.d.ts `ErrorCode`). */
export const errorCodes = Object.freeze([
  // from the C++ core
  'INVALID_ARGUMENT', 'SHAPE_MISMATCH', 'EMPTY_INPUT', 'LABEL_OUT_OF_RANGE', 'LABEL_NOT_INTEGER',
  'TOO_FEW_CLASSES', 'NON_FINITE_VALUE', 'PROBABILITY_OUT_OF_RANGE', 'SINGULAR_MATRIX', 'UNSUPPORTED',
  'EMPTY_CLASS', 'CSV_EMPTY', 'CSV_UNCLOSED_QUOTE', 'CSV_FIELD_COUNT', 'CSV_INVALID_QUOTE', 'CSV_ENCODING',
  'COLUMN_NOT_FOUND', 'NO_FEATURES', 'MISSING_LABEL', 'LABEL_LOOKS_CONTINUOUS', 'TOO_FEW_EXAMPLES_PER_FOLD', 'NOT_CONVERGED',
  'CANCELLED', 'LIMIT_EXCEEDED', 'OUT_OF_MEMORY', 'INTERNAL',
  // JavaScript only
  'NOT_INITIALIZED', // a function was called before `await init()` resolved
  'LOAD_FAILED',     // init() could not fetch, read or instantiate the .wasm file
]);

export class LabelcheckError extends Error {
  /**
   * @param {string} code one of errorCodes
   * @param {string} message
   * @param {{row?: number, line?: number, column?: number, cause?: unknown}} [where]
   */
  constructor(code, message, where = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = 'LabelcheckError';
    this.code = code;
    // -1 (C++ "not applicable") and undefined both mean: not set.
    for (const key of ['row', 'line', 'column']) {
      const v = where[key];
      if (typeof v === 'number' && v >= 0) this[key] = v;
    }
  }
}

/** A LabelcheckError from the `{ok: false, code, message, row, line, column}` the bindings return. */
export function errorFromCore(r) {
  return new LabelcheckError(r.code, r.message, { row: r.row, line: r.line, column: r.column });
}
