'use strict';
// A real SMTP server (nodemailer's smtp-server) over TCP on loopback that keeps every message it
// accepts. Shared by the jest suites, the benchmarks and the fault-injection runs (plain JS so the
// bench scripts load it without a TypeScript step). It can be stopped and restarted on the same
// port to play "mail server down", and can take `delayMs` per message to play a slow server.
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

/**
 * @typedef {object} ReceivedMail
 * @property {string} envelopeFrom
 * @property {string[]} envelopeTo
 * @property {string} raw
 * @property {import('mailparser').ParsedMail | undefined} parsed undefined when the sink was made with `parse: false`
 * @property {string} messageId
 * @property {number} receivedAt
 */

/**
 * @typedef {object} SmtpRejection an SMTP error reply
 * @property {number} code e.g. 550 (permanent) or 451 (temporary)
 * @property {string} message e.g. '5.1.1 No such user'
 */

/**
 * @typedef {object} SmtpSinkOptions
 * @property {number} [delayMs] wait this long before accepting each message (a slow server)
 * @property {boolean} [parse] false keeps only the raw message and its Message-ID (benchmarks): parsing costs CPU
 * @property {(address: string) => SmtpRejection | undefined} [rejectRecipient] refuse RCPT TO for some addresses
 * @property {(mail: ReceivedMail) => SmtpRejection | undefined} [rejectMessage] refuse a message at the end of
 *   DATA (it is then not kept); read at each message, so a test can set it on a running sink
 */

/** @param {SmtpRejection} rejection */
const smtpError = (rejection) => Object.assign(new Error(rejection.message), { responseCode: rejection.code });

class SmtpSink {
  /** @param {SmtpSinkOptions} [options] */
  constructor(options = {}) {
    this.options = { parse: true, ...options };
    /** @type {ReceivedMail[]} */
    this.messages = [];
    /** @type {(ReceivedMail & { rejection: SmtpRejection })[]} messages refused by `rejectMessage` */
    this.refused = [];
    /** @type {SMTPServer | undefined} */
    this.server = undefined;
    this.port = 0;
  }

  get listeningPort() {
    return this.port;
  }

  /**
   * @param {number} [port] 0 or omitted: a free port the first time, the same port on restart
   * @returns {Promise<number>} the port it listens on
   */
  async start(port = this.port) {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      size: 1024 * 1024,
      maxClients: 200,
      onRcptTo: (address, _session, callback) => {
        const rejection = this.options.rejectRecipient ? this.options.rejectRecipient(address.address) : undefined;
        callback(rejection ? smtpError(rejection) : undefined);
      },
      onData: (stream, session, callback) => {
        /** @type {Buffer[]} */
        const chunks = [];
        stream.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
        const store = async () => {
          try {
            const raw = Buffer.concat(chunks).toString('utf8');
            const parsed = this.options.parse ? await simpleParser(raw) : undefined;
            const messageId = parsed ? parsed.messageId || '' : (/^Message-ID:\s*(.+)$/im.exec(raw) || [])[1] || '';
            if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
            /** @type {ReceivedMail} */
            const mail = {
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
              messageId: messageId.trim(),
              receivedAt: Date.now(),
            };
            const rejection = this.options.rejectMessage ? this.options.rejectMessage(mail) : undefined;
            if (rejection) {
              this.refused.push({ ...mail, rejection });
              callback(smtpError(rejection));
              return;
            }
            this.messages.push(mail);
            callback();
          } catch (error) {
            callback(error instanceof Error ? error : new Error(String(error)));
          }
        };
        // `store` answers the client itself, also on failure.
        stream.on('end', () => void store());
      },
    });
    await /** @type {Promise<void>} */ (
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      })
    );
    server.on('error', () => undefined);
    // Replies go out at once, without Nagle's algorithm holding a reply behind an unacknowledged one.
    server.server.on('connection', (socket) => socket.setNoDelay(true));
    this.server = server;
    const address = server.server.address();
    if (!address || typeof address === 'string') throw new Error('SMTP sink: no TCP address after listen');
    this.port = address.port;
    return this.port;
  }

  async stop() {
    const server = this.server;
    this.server = undefined;
    if (server) await /** @type {Promise<void>} */ (new Promise((resolve) => server.close(() => resolve())));
  }

  /**
   * Waits until `count` messages matching `predicate` arrived, or throws after `timeoutMs`.
   * @param {(mail: ReceivedMail) => boolean} predicate
   * @returns {Promise<ReceivedMail[]>}
   */
  async waitFor(predicate, count = 1, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(`SMTP sink: ${found.length}/${count} expected messages after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

module.exports = { SmtpSink };
