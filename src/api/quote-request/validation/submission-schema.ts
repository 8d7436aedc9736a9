import * as yup from 'yup';
import { APPROACHES, REQUEST_LOCALES, REQUESTED_MODELS, SCOPES, type RequestLocale } from '../constants';
import { MESSAGES } from './messages';

/**
 * C0/C1 controls, Unicode line/paragraph separators (header injection) and every format character
 * (general category Cf: bidi marks, embeddings, overrides and isolates, zero-width characters, word
 * joiner, BOM, soft hyphen): never valid in a single-line field. They are invisible, so a subject or
 * greeting built from such a field reads differently from what it holds (a right-to-left mark reorders
 * a subject, a zero-width space splits a word a filter would catch).
 */
// Matching control characters is the point of these two expressions.
// eslint-disable-next-line no-control-regex
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\p{Cf}]/u;
/** Multi-line text keeps tab, LF and CR; other controls are rejected. */
// eslint-disable-next-line no-control-regex
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const PHONE = /^[0-9 +().-]+$/;
/** The domain of an address has a dot and a top-level label of two letters or more (`exemple.fr`). */
const DOTTED_DOMAIN = /@[^@\s]+\.[^@\s.]{2,}$/;

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const buildSchema = (locale: RequestLocale) => {
  const m = MESSAGES[locale];
  const singleLine = (max: number) =>
    yup
      .string()
      .typeError(m.string)
      .max(max, m.max(max))
      .test('single-line', m.singleLine, (v) => v === undefined || !SINGLE_LINE_FORBIDDEN.test(v));
  const choice = <T extends string>(values: readonly T[]) =>
    yup
      .string()
      .typeError(m.string)
      .oneOf(values as T[], m.oneOf(values));

  return yup.object({
    fullName: singleLine(120).required(m.required).min(2, m.min(2)),
    // yup's email() takes `camille.martin@exemple`; mail to a domain without a dot never arrives.
    email: singleLine(254).required(m.required).email(m.email).matches(DOTTED_DOMAIN, { message: m.email }),
    phone: singleLine(30).matches(PHONE, { message: m.phone, excludeEmptyString: true }),
    company: singleLine(160).required(m.required),
    jobTitle: singleLine(120),
    requestedModel: choice(REQUESTED_MODELS).required(m.required),
    scope: choice(SCOPES),
    approach: choice(APPROACHES),
    message: yup
      .string()
      .typeError(m.string)
      .required(m.required)
      .min(10, m.min(10))
      .max(5000, m.max(5000))
      .test('no-control', m.controlCharacters, (v) => v === undefined || !MULTI_LINE_FORBIDDEN.test(v)),
    consent: yup.boolean().typeError(m.boolean).required(m.consent).oneOf([true], m.consent),
    locale: choice(REQUEST_LOCALES),
    sourceUrl: singleLine(2048).test('http-url', m.url, (v) => v === undefined || isHttpUrl(v)),
    /** Honeypot: hidden in forms, filled only by bots. Any string is accepted here; the service decides. */
    _gotcha: yup.string().typeError(m.string).max(1000, m.max(1000)),
  });
};

export type SubmissionSchema = ReturnType<typeof buildSchema>;
export type QuoteSubmission = yup.InferType<SubmissionSchema>;

const cache = new Map<RequestLocale, SubmissionSchema>();

/** The submission schema with messages in the requester's language (built once per locale). */
export const submissionSchema = (locale: RequestLocale): SubmissionSchema => {
  let schema = cache.get(locale);
  if (!schema) {
    schema = buildSchema(locale);
    cache.set(locale, schema);
  }
  return schema;
};

export const SUBMISSION_FIELDS = Object.keys(buildSchema('fr').fields) as (keyof QuoteSubmission)[];
