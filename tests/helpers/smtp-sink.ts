import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'net';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
  messageId: string;
}

export interface SmtpSinkOptions {
  /** Time the server takes to accept each message (slow mail server). */
  delayMs?: number;
}

/**
 * A real SMTP server (nodemailer's smtp-server) over TCP on loopback, keeping every message it
 * accepts. Can be stopped and restarted on the same port to play "mail server down".
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private server?: SMTPServer;
  private port = 0;

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  get listeningPort(): number {
    return this.port;
  }

  async start(port = this.port): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      size: 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          try {
            const raw = Buffer.concat(chunks).toString('utf8');
            const parsed = await simpleParser(raw);
            if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
            this.messages.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
              messageId: parsed.messageId ?? '',
            });
            callback();
          } catch (error) {
            callback(error as Error);
          }
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => undefined);
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits until `count` messages matching `predicate` arrived (or fails after `timeoutMs`). */
  async waitFor(predicate: (mail: ReceivedMail) => boolean, count = 1, timeoutMs = 15000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(`SMTP sink: ${found.length}/${count} expected messages after ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
