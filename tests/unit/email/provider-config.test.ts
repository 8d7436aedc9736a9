import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import nodemailer from 'nodemailer';
import {
  buildEmailProviderConfig,
  createEmlFileTransport,
  createNoDelaySocketFactory,
} from '../../../src/email/provider-config';

const settings = {
  host: '',
  port: 587,
  secure: false,
  username: '',
  password: '',
  from: 'Devis <devis@example.test>',
  replyTo: 'sales@example.test',
  mailDir: '',
  pool: true,
  maxConnections: 5,
  timeoutMs: 1000,
};

describe('email provider configuration', () => {
  it('writes mails as .eml files when no SMTP host is configured', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eml-'));
    try {
      const config = buildEmailProviderConfig({ ...settings, mailDir: dir });
      expect(config.provider).toBe('nodemailer');
      const transport = nodemailer.createTransport(createEmlFileTransport(dir));
      await transport.sendMail({
        from: 'a@example.test',
        to: 'b@example.test',
        subject: 'Devis DEV-2026-000001',
        text: 'Bonjour',
      });
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const eml = fs.readFileSync(path.join(dir, files[0]), 'utf8');
      expect(eml).toContain('Subject: Devis DEV-2026-000001');
      expect(eml).toContain('To: b@example.test');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses pooled SMTP with timeouts and auth when a host is configured', () => {
    const config = buildEmailProviderConfig({ ...settings, host: 'smtp.example.test', username: 'u', password: 'p' });
    expect(config.providerOptions).toEqual(
      expect.objectContaining({
        host: 'smtp.example.test',
        pool: true,
        maxConnections: 5,
        auth: { user: 'u', pass: 'p' },
      })
    );
    expect(config.settings).toEqual({
      defaultFrom: 'Devis <devis@example.test>',
      defaultReplyTo: 'sales@example.test',
    });
  });
});

describe('createNoDelaySocketFactory', () => {
  it('hands nodemailer a connected socket with Nagle disabled', async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as net.AddressInfo;
    try {
      const result = await new Promise<unknown>((resolve) =>
        createNoDelaySocketFactory(1000)({ host: '127.0.0.1', port }, (_err, options) => resolve(options))
      );
      const socket = (result as { connection: net.Socket }).connection;
      expect(socket).toBeInstanceOf(net.Socket);
      expect(socket.remotePort).toBe(port);
      socket.destroy();
    } finally {
      server.close();
    }
  });

  it('answers "no socket" (not an error) when the server is unreachable, so nodemailer reports it itself', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const [err, options] = await new Promise<[unknown, unknown]>((resolve) =>
      createNoDelaySocketFactory(1000)({ host: '127.0.0.1', port }, (e, o) => resolve([e, o]))
    );
    expect(err).toBeNull();
    expect(options).toBe(false);
  });
});
