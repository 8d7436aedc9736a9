/**
 * Error bodies the server gives to public reads, as docs/openapi.json shows them; the contract test
 * (tests/integration/openapi-contract.test.ts) sends the request behind each and compares the answer.
 */

/** The answer to `?locale=xx` on every read, as the server gives it (the contract test sends it). */
export const INVALID_LOCALE_EXAMPLE = {
  data: null,
  error: {
    status: 400,
    name: 'ValidationError',
    message: 'Invalid locale: expected one of en, fr',
    details: {
      errors: [{ path: ['locale'], message: 'Expected one of en, fr', name: 'ValidationError' }],
    },
  },
};

/** The answer to an unknown document id, as the server gives it (the contract test sends one). */
export const NOT_FOUND_EXAMPLE = {
  data: null,
  error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} },
};
