import fs from 'fs';
import net from 'net';
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
      console.info(`[email] no SMTP_HOST set: message ${messageId} written to ${file}`);
      callback(null, { envelope: mail.message.getEnvelope(), messageId, file });
    });
    input.pipe(out);
  },
});

type SocketCallback = (err: Error | null, socketOptions?: { connection: net.Socket } | false) => void;

/**
 * Opens SMTP connections with TCP_NODELAY. nodemailer writes a message and its terminating dot in
 * separate writes; with Nagle's algorithm the second one waits for the server's delayed ACK, which
 * costs ~40 ms per message and caps a pooled connection at ~22 mails/s. TLS (implicit or STARTTLS) is
 * still negotiated by nodemailer on top of this socket.
 *
 * When the connection cannot be opened, the factory answers "no socket" rather than an error:
 * nodemailer then connects by itself and reports the failure through its normal path. (An error
 * returned from getSocket leaves a dead resource in nodemailer's pool, which ends up hanging sends.)
 */
export const createNoDelaySocketFactory =
  (timeoutMs: number) =>
  (options: { host?: string; port?: number }, callback: SocketCallback): void => {
    let settled = false;
    const socket = net.connect({ host: options.host, port: options.port ?? 587 });
    const settle = (connected: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (connected) {
        callback(null, { connection: socket });
      } else {
        socket.destroy();
        callback(null, false);
      }
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    socket.setNoDelay(true);
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
  };

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
        getSocket: createNoDelaySocketFactory(settings.timeoutMs),
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
