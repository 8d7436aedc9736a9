import {
  classifySendFailure,
  describeRejections,
  redact,
  rejectedRecipientsOf,
} from '../../../src/api/quote-request/domain/delivery-outcome';

/** An error shaped like nodemailer's `_formatError`: message + server reply, code, responseCode. */
const smtpError = (message: string, reply: string | false, code = 'EMESSAGE', extra: Record<string, unknown> = {}) => {
  const responseCode = reply ? Number(/^\d+/.exec(reply)?.[0]) : undefined;
  return Object.assign(new Error(reply ? `${message}: ${reply}` : message), {
    code,
    ...(reply ? { response: reply, responseCode } : {}),
    ...extra,
  });
};

describe('classifySendFailure', () => {
  it('treats a 5xx reply as permanent and keeps the server answer', () => {
    expect(classifySendFailure(smtpError('Message failed', '554 5.7.1 Message rejected by policy'))).toEqual({
      permanent: true,
      message: 'Message failed: 554 5.7.1 Message rejected by policy',
    });
  });

  it('retries a 4xx reply, a timeout and a connection error', () => {
    expect(classifySendFailure(smtpError('Message failed', '451 4.3.0 Try again later')).permanent).toBe(false);
    expect(classifySendFailure(smtpError('Timeout', false, 'ETIMEDOUT')).permanent).toBe(false);
    expect(classifySendFailure(smtpError('connect ECONNREFUSED 127.0.0.1:25', false, 'ESOCKET')).permanent).toBe(false);
    expect(classifySendFailure(new Error('SMTP send did not complete within 31000 ms')).permanent).toBe(false);
    expect(classifySendFailure('something odd')).toEqual({ permanent: false, message: 'something odd' });
  });

  it('when every recipient is refused: permanent only if each refusal is, with each answer', () => {
    const refusal = (recipient: string, reply: string) =>
      smtpError('Recipient command failed', reply, 'EENVELOPE', { recipient });
    const allPermanent = smtpError(
      "Can't send mail - all recipients were rejected",
      '550 5.1.1 No such user',
      'EENVELOPE',
      {
        rejected: ['a@x.test', 'b@x.test'],
        rejectedErrors: [refusal('a@x.test', '550 5.1.1 No such user'), refusal('b@x.test', '550 5.1.1 No such user')],
      }
    );
    const failure = classifySendFailure(allPermanent);
    expect(failure.permanent).toBe(true);
    expect(failure.message).toContain('a@x.test: 550 5.1.1 No such user; b@x.test: 550 5.1.1 No such user');

    const oneTemporary = smtpError(
      "Can't send mail - all recipients were rejected",
      '550 5.1.1 No such user',
      'EENVELOPE',
      {
        rejectedErrors: [refusal('a@x.test', '452 4.2.2 Mailbox full'), refusal('b@x.test', '550 5.1.1 No such user')],
      }
    );
    expect(classifySendFailure(oneTemporary).permanent).toBe(false);
  });
});

describe('rejectedRecipientsOf / describeRejections', () => {
  it("reads nodemailer's info.rejected, normalised, and spells out each server answer", () => {
    const info = {
      accepted: ['ok@x.test'],
      rejected: ['Bad@X.test', 'bad@x.test', ''],
      rejectedErrors: [
        smtpError('Recipient command failed', '550 5.1.1 <bad@x.test>: unknown', 'EENVELOPE', {
          recipient: 'Bad@X.test',
        }),
      ],
    };
    const rejected = rejectedRecipientsOf(info);
    expect(rejected).toEqual(['bad@x.test']);
    expect(describeRejections(info, rejected)).toBe(
      'refused by the mail server: bad@x.test: 550 5.1.1 <bad@x.test>: unknown'
    );
    expect(describeRejections({ rejected: ['bad@x.test'] }, rejected)).toBe(
      'refused by the mail server for bad@x.test'
    );
  });

  it('finds nothing refused in a plain success, a file transport result or a non-object', () => {
    expect(rejectedRecipientsOf({ accepted: ['a@x.test'], rejected: [] })).toEqual([]);
    expect(rejectedRecipientsOf({ envelope: {}, messageId: '<m@x>' })).toEqual([]);
    expect(rejectedRecipientsOf(undefined)).toEqual([]);
    expect(rejectedRecipientsOf('250 OK')).toEqual([]);
  });
});

describe('redact', () => {
  it('replaces the given values in any case, and ignores empty or tiny ones', () => {
    expect(redact('550 <Jane.Doe@Client.test> (Jane) refused', ['jane.doe@client.test', '', null, 'J'])).toBe(
      '550 <[redacted]> (Jane) refused'
    );
    expect(redact('a+b (c) [d]', ['a+b', '(c)'])).toBe('[redacted] [redacted] [d]');
  });
});
