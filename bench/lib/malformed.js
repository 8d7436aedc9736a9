'use strict';
// Generates malformed quote-request submissions: every case is invalid by construction (so none may
// be stored) and exercises one way clients or attackers get it wrong.
const { validSubmission } = require('./submissions');

const JSON_TYPE = { 'Content-Type': 'application/json' };

/**
 * Deterministic PRNG so a failing case can be replayed from its index.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
const prng = (seed) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

// 1e308: about the largest finite number (JSON has no Infinity).
const WRONG_TYPES = [42, -1.5, true, false, null, [], ['x'], {}, { $ne: null }, '', 1e308];
const UNICODE = [
  '\u202Eevil\u202C',
  'zero\u200Bwidth',
  '😀🚀',
  'e\u0301',
  '\uFEFFbom',
  'Ω≈ç√∫',
  '\uD800',
  'ｆｕｌｌｗｉｄｔｈ',
];
const INJECTIONS = [
  '\r\nBcc: victim@example.test',
  '\nSubject: spoofed',
  '\rX-Injected: 1',
  '\u0085NEL',
  '\u2028LS',
  '\u0000NUL',
  '\u001b[31mANSI',
];
const FIELDS = ['fullName', 'email', 'company', 'phone', 'jobTitle', 'sourceUrl'];
const REQUIRED = ['fullName', 'email', 'company', 'requestedModel', 'message', 'consent'];

/** @param {unknown} value */
const json = (value) => ({ headers: JSON_TYPE, body: JSON.stringify(value) });

/**
 * @typedef {object} MalformedCase
 * @property {string} kind
 * @property {Record<string, string>} headers
 * @property {string | Buffer | undefined} body
 * @property {string} [method]
 */

/**
 * The i-th malformed submission (the same for the same i).
 * @param {number} i
 * @returns {MalformedCase}
 */
const malformedCase = (i) => {
  const rand = prng(i + 1);
  /**
   * @template T
   * @param {readonly T[]} list
   * @returns {T}
   */
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const base = validSubmission(i);
  const kind = i % 13;
  switch (kind) {
    case 0: {
      const field = pick(Object.keys(base));
      let value = pick(WRONG_TYPES);
      // `true` is the one valid consent; and an optional field sent as null or '' counts as absent,
      // which is valid: both are replaced by a value of the wrong type.
      if (field === 'consent' && value === true) value = 'true';
      if (!REQUIRED.includes(field) && (value === null || value === '')) value = 42;
      return { kind: 'wrong-type', ...json({ data: { ...base, [field]: value } }) };
    }
    case 1:
      return {
        kind: 'oversize-body',
        ...json({ data: { ...base, message: 'x'.repeat(65 * 1024 + Math.floor(rand() * 50000)) } }),
      };
    case 2: {
      const [field, max] = pick([
        ['fullName', 120],
        ['email', 254],
        ['company', 160],
        ['phone', 30],
        ['message', 5000],
        ['jobTitle', 120],
      ]);
      const value =
        field === 'email' ? `${'a'.repeat(max)}@x.test` : field === 'phone' ? '1'.repeat(max + 1) : 'y'.repeat(max + 1);
      return { kind: 'oversize-field', ...json({ data: { ...base, [field]: value } }) };
    }
    case 3: {
      // Unusual Unicode everywhere, plus one rule broken (missing required field) so nothing is stored.
      /** @type {import('./submissions').SubmissionData} */
      const data = {
        ...base,
        fullName: `${pick(UNICODE)} ${pick(UNICODE)}`,
        company: pick(UNICODE) + ' SA',
        message: `${pick(UNICODE)} message assez long ${pick(UNICODE)}`,
      };
      delete data[pick(REQUIRED)];
      return { kind: 'unicode', ...json({ data }) };
    }
    case 4: {
      const key = pick(['__proto__', 'constructor', 'prototype']);
      const where = rand() < 0.5 ? 'top' : 'data';
      const inner = JSON.stringify(base).slice(0, -1);
      const body =
        where === 'top'
          ? `{"${key}": {"polluted": true}, "data": ${inner}}}`
          : `{"data": ${inner}, "${key}": {"polluted": true}}}`;
      return { kind: 'prototype-keys', headers: JSON_TYPE, body };
    }
    case 5: {
      const field = pick(FIELDS);
      const value = base[field];
      return {
        kind: 'header-injection',
        ...json({
          data: { ...base, [field]: `${typeof value === 'string' && value ? value : 'value'}${pick(INJECTIONS)}` },
        }),
      };
    }
    case 6: {
      const depth = pick([50, 500, 5000, 20000]);
      const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const body =
        rand() < 0.5 ? `{"data": ${nested}}` : `{"data": ${JSON.stringify(base).slice(0, -1)}, "message": ${nested}}}`;
      return { kind: 'deep-nesting', headers: JSON_TYPE, body };
    }
    case 7: {
      const [type, body] = pick([
        ['text/plain', JSON.stringify({ data: base })],
        ['application/x-www-form-urlencoded', 'data[fullName]=x&data[consent]=true'],
        // multipart/form-data is the quote form's other type (with attachments): malformed forms are kind 12.
        [
          'multipart/mixed; boundary=zz',
          `--zz\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(base)}\r\n--zz--\r\n`,
        ],
        ['application/xml', '<data><fullName>x</fullName></data>'],
        ['', JSON.stringify({ data: base })],
      ]);
      return { kind: 'wrong-content-type', headers: type ? { 'Content-Type': type } : {}, body };
    }
    case 8:
      return {
        kind: 'invalid-json',
        headers: JSON_TYPE,
        body: pick([
          '{"data": {',
          '{data: {}}',
          "{'data': 1}",
          '[',
          '{"data": {"fullName": "x",}}',
          '\u0000',
          'null',
          '"string"',
          '1',
        ]),
      };
    case 9: {
      const data = { ...base };
      /** @type {[field: string, value: unknown][]} */
      const violations = [
        ['requestedModel', pick(['BPO', 'xpo', 'all', ' '])],
        ['consent', false],
        ['email', pick(['plainaddress', '@no-local.test', 'a@', 'a b@c.test'])],
        ['sourceUrl', pick(['javascript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', '//evil.test'])],
        ['scope', 'everything'],
        ['locale', 'xx'],
        ['message', 'court'],
      ];
      const [field, value] = pick(violations);
      data[field] = value;
      return { kind: 'rule-violation', ...json({ data }) };
    }
    case 10: {
      const shape = pick([
        [],
        'x',
        1,
        null,
        { data: null },
        { data: [] },
        { Data: base },
        base,
        { data: base, extra: true },
      ]);
      return { kind: 'wrong-shape', ...json(shape) };
    }
    case 12: {
      // The quote form as multipart/form-data (`data` + `attachments`), broken in one way each.
      /** @param {{ name: string, filename?: string, type?: string, content: string }[]} parts */
      const form = (parts, end = '--zz--\r\n') =>
        parts
          .map(
            (part) =>
              `--zz\r\nContent-Disposition: form-data; name="${part.name}"` +
              (part.filename === undefined ? '' : `; filename="${part.filename}"`) +
              (part.type === undefined ? '' : `\r\nContent-Type: ${part.type}`) +
              `\r\n\r\n${part.content}\r\n`
          )
          .join('') + end;
      const data = { name: 'data', content: JSON.stringify(base) };
      /** @type {[type: string, body: string][]} */
      const variants = [
        // No boundary: the body cannot be split.
        ['multipart/form-data', form([data])],
        // Cut before the closing boundary.
        ['multipart/form-data; boundary=zz', form([data], '--zz\r\nContent-Disposition: form-data; name="attach')],
        // `data` is not JSON.
        ['multipart/form-data; boundary=zz', form([{ name: 'data', content: 'fullName=x&consent=true' }])],
        // `data` breaks a rule (no consent).
        [
          'multipart/form-data; boundary=zz',
          form([{ name: 'data', content: JSON.stringify({ ...base, consent: false }) }]),
        ],
        // No `data` at all, only a file.
        [
          'multipart/form-data; boundary=zz',
          form([{ name: 'attachments', filename: 'brief.pdf', type: 'application/pdf', content: '%PDF-1.4\n%%EOF' }]),
        ],
        // A page that calls itself a PDF: refused by its content.
        [
          'multipart/form-data; boundary=zz',
          form([
            data,
            {
              name: 'attachments',
              filename: 'brief.pdf',
              type: 'application/pdf',
              content: '<html><script>alert(1)</script></html>',
            },
          ]),
        ],
        // An empty file.
        [
          'multipart/form-data; boundary=zz',
          form([data, { name: 'attachments', filename: 'vide.pdf', type: 'application/pdf', content: '' }]),
        ],
      ];
      // In turn (the generator's first draw for this kind spans only part of [0, 1)).
      const [type, body] = variants[Math.floor(i / 13) % variants.length];
      return { kind: 'malformed-multipart', headers: { 'Content-Type': type }, body };
    }
    default: {
      const data = {
        ...base,
        [pick(['role', 'stage', 'tags', 'reference', 'id', 'documentId', 'createdAt'])]: 'injected',
      };
      return { kind: 'unknown-keys', ...json({ data }) };
    }
  }
};

module.exports = { malformedCase };
