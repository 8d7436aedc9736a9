import fs from 'fs';
import path from 'path';

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  from: string;
  replyTo: string;
  /** Where messages are written when no SMTP host is configured. */
  mailDir: string;
  pool: boolean;
  maxConnections: number;
  timeoutMs: number;
}

/** The parts of a nodemailer MailMessage a custom transport uses. */
interface TransportMail {
  message: {
    createReadStream(): NodeJS.ReadableStream;
    messageId(): string;
    getEnvelope(): { from: string | false; to: string[] };
  };
}

type TransportCallback = (err: Error | null, info?: unknown) => void;

/**
 * A nodemailer transport that writes each message as an .eml file. It lets `npm run develop` run on a
 * machine with no mail server while still exercising the whole outbox (render, send, mark sent).
 */
export const createEmlFileTransport = (mailDir: string) => ({
  name: 'eml-file',
  version: '1.0.0',
  send(mail: TransportMail, callback: TransportCallback): void {
    const dir = path.resolve(process.cwd(), mailDir);
    const messageId = mail.message.messageId();
    const safeId = messageId.replace(/[^A-Za-z0-9.@_-]/g, '');
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeId}.eml`);
    fs.mkdirSync(dir, { recursive: true });
    const out = fs.createWriteStream(file);
    const input = mail.message.createReadStream();
    input.on('error', (err: Error) => callback(err));
    out.on('error', (err: Error) => callback(err));
    out.on('finish', () => {
      // eslint-disable-next-line no-console
      console.info(`[email] no SMTP_HOST set: message ${messageId} written to ${file}`);
      callback(null, { envelope: mail.message.getEnvelope(), messageId, file });
    });
    input.pipe(out);
  },
});

export const buildEmailProviderConfig = (settings: EmailSettings) => {
  const providerOptions = settings.host
    ? {
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        ...(settings.username ? { auth: { user: settings.username, pass: settings.password } } : {}),
        // Pooled connections: the outbox drains batches without one TCP+TLS handshake per mail.
        pool: settings.pool,
        maxConnections: settings.maxConnections,
        connectionTimeout: settings.timeoutMs,
        greetingTimeout: settings.timeoutMs,
        socketTimeout: settings.timeoutMs,
      }
    : createEmlFileTransport(settings.mailDir);

  return {
    provider: 'nodemailer',
    providerOptions,
    settings: {
      defaultFrom: settings.from,
      defaultReplyTo: settings.replyTo,
    },
  };
};
