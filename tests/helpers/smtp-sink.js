'use strict';
// A real SMTP server (nodemailer's smtp-server) over TCP on loopback that keeps every message it
// accepts. Used by the jest suites, the benchmarks and the fault-injection runs (plain JS so the
// bench scripts load it without a TypeScript step). It can be stopped and restarted on the same
// port to play "mail server down", and can take `delayMs` per message to play a slow server.
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

/**
 * @typedef {{ envelopeFrom: string, envelopeTo: string[], raw: string, parsed: import('mailparser').ParsedMail, messageId: string, receivedAt: number }} ReceivedMail
 */

class SmtpSink {
  /** @param {{ delayMs?: number, parse?: boolean }} [options] parse=false keeps only headers (benchmarks) */
  constructor(options = {}) {
    this.options = { parse: true, ...options };
    /** @type {ReceivedMail[]} */
    this.messages = [];
    this.server = undefined;
    this.port = 0;
  }

  get listeningPort() {
    return this.port;
  }

  /** @param {number} [port] 0 or omitted: a free port the first time, the same port on restart */
  async start(port = this.port) {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      size: 1024 * 1024,
      maxClients: 200,
      onData: (stream, session, callback) => {
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', async () => {
          try {
            const raw = Buffer.concat(chunks).toString('utf8');
            const parsed = this.options.parse ? await simpleParser(raw) : undefined;
            const messageId = parsed ? parsed.messageId || '' : (/^Message-ID:\s*(.+)$/im.exec(raw) || [])[1] || '';
            if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
            this.messages.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
              messageId: messageId.trim(),
              receivedAt: Date.now(),
            });
            callback();
          } catch (error) {
            callback(error);
          }
        });
      },
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => undefined);
    // Replies go out at once, without Nagle's algorithm holding a reply behind an unacknowledged one.
    server.server.on('connection', (socket) => socket.setNoDelay(true));
    this.server = server;
    this.port = server.server.address().port;
    return this.port;
  }

  async stop() {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(() => resolve()));
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
