import { errors } from '@strapi/utils';
import { ValidationError as YupValidationError } from 'yup';
import { REQUEST_LOCALES, type RequestLocale } from '../constants';
import { MESSAGES } from './messages';
import { SUBMISSION_FIELDS, submissionSchema, type QuoteSubmission } from './submission-schema';

export interface FieldError {
  path: string[];
  message: string;
  name: 'ValidationError';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

const isRequestLocale = (value: unknown): value is RequestLocale =>
  typeof value === 'string' && (REQUEST_LOCALES as readonly string[]).includes(value);

/**
 * The language of validation messages: the submission's own `locale` when valid, else the first
 * supported language of Accept-Language, else French (the site's default).
 */
export const messageLocale = (body: unknown, acceptLanguage?: string): RequestLocale => {
  const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : undefined;
  if (data && isRequestLocale(data.locale)) return data.locale;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().slice(0, 2);
    if (isRequestLocale(tag)) return tag;
  }
  return 'fr';
};

/** Trims strings and turns empty or null optional values into "absent"; other types are left for the schema to reject. */
const normalise = (data: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const field of SUBMISSION_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(data, field)) continue;
    const raw = data[field];
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === '' || value === null) continue;
    out[field] = value;
  }
  return out;
};

const fail = (locale: RequestLocale, fieldErrors: FieldError[]): never => {
  const message = fieldErrors.length === 1 ? fieldErrors[0].message : MESSAGES[locale].summary(fieldErrors.length);
  throw new errors.ValidationError(message, { errors: fieldErrors });
};

/**
 * Validates a `{ data: { … } }` submission body. Returns the clean submission, or throws Strapi's
 * ValidationError (400) listing every failing field, in the requester's language. Unknown keys,
 * wrong types (no coercion: "true" is not true) and control characters are all rejected.
 */
export const validateSubmission = async (body: unknown, acceptLanguage?: string): Promise<QuoteSubmission> => {
  const locale = messageLocale(body, acceptLanguage);
  const m = MESSAGES[locale];

  if (!isPlainObject(body) || !isPlainObject(body.data)) {
    return fail(locale, [{ path: ['data'], message: m.body, name: 'ValidationError' }]);
  }
  const data = body.data;
  const unknownErrors: FieldError[] = Object.keys(data)
    .filter((key) => !(SUBMISSION_FIELDS as string[]).includes(key))
    .map((key) => ({ path: [key], message: m.unknownField, name: 'ValidationError' }));

  const topLevelExtras: FieldError[] = Object.keys(body)
    .filter((key) => key !== 'data')
    .map((key) => ({ path: [key], message: m.unknownField, name: 'ValidationError' }));

  const candidate = normalise(data);
  let fieldErrors: FieldError[] = [];
  try {
    await submissionSchema(locale).validate(candidate, { strict: true, abortEarly: false });
  } catch (error) {
    if (!(error instanceof YupValidationError)) throw error;
    const seen = new Set<string>();
    fieldErrors = error.inner
      .filter((inner) => {
        // One message per field: the first rule that failed.
        const key = inner.path ?? '';
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((inner) => ({ path: inner.path ? [inner.path] : [], message: inner.message, name: 'ValidationError' }));
  }

  const all = [...topLevelExtras, ...fieldErrors, ...unknownErrors];
  if (all.length > 0) fail(locale, all);
  return candidate as QuoteSubmission;
};
