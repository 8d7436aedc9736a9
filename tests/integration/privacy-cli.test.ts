/**
 * The privacy CLI (`node scripts/privacy.js` / `npx outsourcing-privacy`, erase|export) against a running
 * application: the app is booted here, the command runs as a separate process on the same database
 * (SQLite file or PostgreSQL database), as the data-protection officer would run it next to production.
 */
import { execFile, type ExecFileOptions } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';
import { getService } from '../../src/utils/get-service';
import { subjectHashOf } from '../../src/api/privacy-log/domain/email-key';
import type { PrivacyExport } from '../../src/api/privacy-log/domain/privacy-export';
import type { QuoteNotificationRow, QuoteRequestRow } from '../../src/api/quote-request/rows';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const LOG = 'api::privacy-log.privacy-log';
const ROOT = path.resolve(__dirname, '../..');
const api = () => request(httpServer());

useStrapi();

/** The reference of a 201 receipt. */
const referenceOf = (res: { body: unknown }): string => {
  const body = res.body as { data?: { reference?: unknown } } | null;
  if (typeof body?.data?.reference !== 'string') throw new Error('no reference in the receipt');
  return body.data.reference;
};

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with this test's environment, `input` on its standard input (closed either way). */
const run = (file: string, args: string[], input = '', options: ExecFileOptions = {}): Promise<CliResult> =>
  new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: ROOT, env: { ...process.env }, maxBuffer: 16 * 1024 * 1024, timeout: 300000, ...options },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      }
    );
    child.stdin?.end(input);
  });

/** Runs scripts/privacy.js with this test's environment (its database), as `node scripts/privacy.js …`. */
const privacyCli = (...args: string[]): Promise<CliResult> =>
  run(process.execPath, [path.join(ROOT, 'scripts', 'privacy.js'), ...args]);

// Stored as typed (the submission keeps the case); the officer types it in capitals and full-width.
const PERSON = 'Marie.Curie@Client.test';
const PERSON_AS_TYPED_BY_THE_OFFICER = 'ＭＡＲＩＥ.ＣＵＲＩＥ＠client.TEST';
const OTHER = 'pierre.curie@client.test';

const submit = async (email: string, extra: Record<string, unknown> = {}): Promise<QuoteRequestRow> => {
  const res = await api()
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .send({
      data: {
        fullName: email.startsWith('pierre') ? 'Pierre Curie' : 'Marie Curie',
        email,
        phone: '+33 1 00 00 00 00',
        company: 'Institut du Radium',
        requestedModel: 'kpo',
        message: 'Externaliser la veille documentaire.',
        consent: true,
        ...extra,
      },
    })
    .expect(201);
  return (await getStrapi()
    .db.query(QR)
    .findOne({ where: { reference: referenceOf(res) } })) as QuoteRequestRow;
};

const load = async (id: number) => (await getStrapi().db.query(QR).findOne({ where: { id } })) as QuoteRequestRow;
const mailsOf = async (id: number) =>
  (await getStrapi()
    .db.query(QN)
    .findMany({ where: { quoteRequestId: id }, orderBy: { id: 'asc' } })) as QuoteNotificationRow[];

describe('the privacy CLI against a running app', () => {
  let first: QuoteRequestRow;
  let second: QuoteRequestRow;
  let other: QuoteRequestRow;
  let pendingId: number;
  const outFile = path.join(os.tmpdir(), `privacy-export-${process.pid}-${Date.now()}.json`);

  beforeAll(async () => {
    first = await submit(PERSON, { locale: 'fr' });
    second = await submit(PERSON.toLowerCase(), { locale: 'en', requestedModel: 'bpo' });
    other = await submit(OTHER);
    await getService('quote-notification').idle();
    await getService('quote-notification').dispatchPendingNotifications();
    // One mail still waiting for a retry (a mail server that refused it for now).
    const [sales] = await mailsOf(second.id);
    await getStrapi()
      .db.query(QN)
      .update({
        where: { id: sales.id },
        data: {
          deliveryStatus: 'pending',
          nextAttemptAt: new Date(Date.now() + 24 * 3600 * 1000),
          lastError: '451 try later',
        },
      });
    pendingId = sales.id;
  });

  afterAll(() => {
    fs.rmSync(outFile, { force: true });
  });

  it('refuses a call without a command or an address (exit code 2, usage on stderr)', async () => {
    const result = await privacyCli('erase');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage:');
  });

  it("export prints everything held about the address, without anybody else's address", async () => {
    const result = await privacyCli('export', '--email', PERSON_AS_TYPED_BY_THE_OFFICER);
    expect([result.code, result.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
    // Stdout is the JSON alone: Strapi's logs went to stderr.
    const data = JSON.parse(result.stdout) as PrivacyExport;
    expect(data.requests.map((r) => r.reference)).toEqual([first.reference, second.reference]);
    expect(data.requests[0]).toMatchObject({
      fullName: 'Marie Curie',
      email: PERSON,
      phone: '+33 1 00 00 00 00',
      company: 'Institut du Radium',
      language: 'fr',
      consent: { given: true, textHash: first.consentTextHash, textVersion: first.consentTextVersion },
    });
    expect(data.requests[0].consent.text).toMatch(/^J’accepte que Rouge Hexagone/);
    expect(data.requests[1].consent.text).toMatch(/^I agree that Rouge Hexagone/);

    // The mails: the confirmation names the person; the sales mails name nobody (sales addresses stripped).
    expect(data.notifications).toHaveLength(4);
    const confirmations = data.notifications.filter((n) => n.kind === 'confirmation');
    expect(confirmations.map((n) => n.recipients)).toEqual([[PERSON], [PERSON.toLowerCase()]]);
    for (const sales of data.notifications.filter((n) => n.kind === 'sales')) {
      expect(sales).toMatchObject({ recipients: [], cc: [] });
    }
    const text = JSON.stringify(data);
    expect(text).not.toContain('rouge-hexagone.test');
    expect(text).not.toContain('pierre');
  });

  it('export --out writes the file, readable by its owner only', async () => {
    const result = await privacyCli('export', '--email', PERSON, '--out', outFile);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exported 2 request(s)');
    expect(fs.statSync(outFile).mode & 0o777).toBe(0o600);
    const data = JSON.parse(fs.readFileSync(outFile, 'utf8')) as PrivacyExport;
    expect(data.requests).toHaveLength(2);
  });

  describe('export --out never writes through what is already there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-out-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('refuses an existing file (left as it was, 0644) with a clear message and a non-zero exit', async () => {
      const existing = path.join(dir, 'existing.json');
      fs.writeFileSync(existing, 'kept\n');
      fs.chmodSync(existing, 0o644);
      const result = await privacyCli('export', '--email', PERSON, '--out', existing);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`${existing} already exists: not overwriting it (--force replaces it)`);
      expect(fs.readFileSync(existing, 'utf8')).toBe('kept\n');
      expect(fs.statSync(existing).mode & 0o777).toBe(0o644);
    });

    it('refuses a symlink, even a dangling one, and writes nothing where it points', async () => {
      const pointedAt = path.join(dir, 'victim.txt');
      fs.writeFileSync(pointedAt, 'victim\n');
      const link = path.join(dir, 'link.json');
      fs.symlinkSync(pointedAt, link);
      const dangling = path.join(dir, 'dangling.json');
      const nowhere = path.join(dir, 'nowhere.json');
      fs.symlinkSync(nowhere, dangling);
      for (const out of [link, dangling]) {
        const result = await privacyCli('export', '--email', PERSON, '--out', out);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain(`${out} is a symbolic link: not following it`);
      }
      expect(fs.readFileSync(pointedAt, 'utf8')).toBe('victim\n');
      expect(fs.existsSync(nowhere)).toBe(false);
    });

    it('--force replaces an existing 0644 file with a new 0600 one, and replaces a symlink without following it', async () => {
      const existing = path.join(dir, 'replaced.json');
      fs.writeFileSync(existing, 'old\n');
      fs.chmodSync(existing, 0o644);
      const replaced = await privacyCli('export', '--email', PERSON, '--out', existing, '--force');
      expect([replaced.code, replaced.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
      expect(fs.statSync(existing).mode & 0o777).toBe(0o600);
      expect((JSON.parse(fs.readFileSync(existing, 'utf8')) as PrivacyExport).requests).toHaveLength(2);

      const pointedAt = path.join(dir, 'forced-victim.txt');
      fs.writeFileSync(pointedAt, 'victim\n');
      fs.chmodSync(pointedAt, 0o644);
      const link = path.join(dir, 'forced-link.json');
      fs.symlinkSync(pointedAt, link);
      const result = await privacyCli('export', '--email', PERSON, '--out', link, '--force');
      expect(result.code).toBe(0);
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(false);
      expect(fs.lstatSync(link).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(pointedAt, 'utf8')).toBe('victim\n');
      expect(fs.statSync(pointedAt).mode & 0o777).toBe(0o644);
      // No temporary file left behind.
      expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    it('--out - writes the JSON to standard output', async () => {
      const result = await privacyCli('export', '--email', PERSON, '--out', '-');
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as PrivacyExport).requests).toHaveLength(2);
      expect(fs.existsSync(path.join(ROOT, '-'))).toBe(false);
    });
  });

  it('erase anonymises every request of the address, deletes its waiting mails, and leaves others alone', async () => {
    // The app keeps answering while the command runs next to it.
    const [result, meanwhile] = await Promise.all([
      privacyCli('erase', '--email', PERSON_AS_TYPED_BY_THE_OFFICER),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        return submit('meanwhile@client.test');
      })(),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Erased: 2 request(s) anonymised, 1 undelivered notification(s) deleted');
    expect(meanwhile.anonymizedAt).toBeNull();

    for (const row of [first, second]) {
      const after = await load(row.id);
      expect(after).toMatchObject({ fullName: 'anonymised', phone: null, emailKey: null });
      expect(after.anonymizedAt).toBeTruthy();
      expect(after.email).not.toMatch(/curie/i);
      expect(after.reference).toBe(row.reference);
      expect(after.requestedModel).toBe(row.requestedModel);
      for (const mail of await mailsOf(row.id)) {
        expect(mail).toMatchObject({ recipients: [], cc: [], lastError: null });
        expect(mail.deliveryStatus).not.toBe('pending');
      }
    }
    expect(
      await getStrapi()
        .db.query(QN)
        .findOne({ where: { id: pendingId } })
    ).toBeNull();
    const untouched = await load(other.id);
    expect(untouched).toMatchObject({ email: OTHER, fullName: 'Pierre Curie', anonymizedAt: null });
    expect((await mailsOf(other.id)).every((mail) => mail.recipients !== null)).toBe(true);
  });

  it('erasing twice is harmless, and a new export finds nothing', async () => {
    const again = await privacyCli('erase', '--email', PERSON);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Erased: 0 request(s) anonymised');
    const exported = await privacyCli('export', '--email', PERSON);
    const data = JSON.parse(exported.stdout) as PrivacyExport;
    expect(data.requests).toEqual([]);
    expect(data.notifications).toEqual([]);
  });

  it('records every action in the privacy log, by cli, with a salted hash and never the address', async () => {
    const logs = (await getStrapi()
      .db.query(LOG)
      .findMany({ where: { actor: 'cli' }, orderBy: { id: 'asc' } })) as {
      action: string;
      actor: string;
      adminId: number | null;
      subjectHash: string;
      requestCount: number;
    }[];
    // The exports refused for their --out path (existing file, symlink) recorded nothing: they never ran.
    expect(logs.map((log) => [log.action, log.requestCount])).toEqual([
      ['export', 2],
      ['export', 2],
      ['export', 2],
      ['export', 2],
      ['export', 2],
      ['erase', 2],
      ['erase', 0],
      ['export', 0],
    ]);
    const salt = process.env.PRIVACY_HASH_SALT ?? '';
    expect(salt).not.toBe('');
    const expected = subjectHashOf(salt, PERSON);
    expect(new Set(logs.map((log) => log.subjectHash))).toEqual(new Set([expected]));

    // Nothing in the whole table reads like the address, its parts, or its unsalted hash.
    const everything = JSON.stringify(await getStrapi().db.getConnection('privacy_logs').select('*'));
    for (const forbidden of ['curie', 'client.test', '@', 'Marie']) {
      expect([forbidden, everything.toLowerCase().includes(forbidden.toLowerCase())]).toEqual([forbidden, false]);
    }
    const crypto = await import('crypto');
    expect(everything).not.toContain(crypto.createHash('sha256').update(PERSON.toLowerCase()).digest('hex'));
  });
});

describe('npx outsourcing-privacy: the address on standard input, in no log', () => {
  // Its own person, submitted here: the log of the describe above is checked before this one runs.
  const SUBJECT = 'Zoe.Npxprobe@Client.test';
  const SUBJECT_AS_TYPED_BY_THE_OFFICER = '  zoe.NPXPROBE@client.test \r\n';
  /** What must be found in no log: the address in its forms, and its local part alone. */
  const FORBIDDEN = ['zoe.npxprobe@client.test', 'npxprobe'];
  let subject: QuoteRequestRow;
  const npmHome = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-npm-'));
  const logsDir = path.join(npmHome, '_logs');

  beforeAll(async () => {
    subject = await submit(SUBJECT);
  });
  afterAll(() => fs.rmSync(npmHome, { recursive: true, force: true }));

  /** `npx outsourcing-privacy …` with npm's cache and logs in this test's directory, logging all it can. */
  const npx = (args: string[], input: string) =>
    run('npx', ['outsourcing-privacy', ...args], input, {
      env: {
        ...process.env,
        npm_config_cache: npmHome,
        npm_config_logs_dir: logsDir,
        npm_config_loglevel: 'silly',
        npm_config_update_notifier: 'false',
      },
    });

  /**
   * Every file npm wrote under its cache and logs directory, with its content. Symbolic links are not
   * followed: npx links the project itself into its cache (`_npx/<hash>/node_modules/outsourcing-cms`).
   */
  const npmFiles = (dir = npmHome): { file: string; text: string }[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return npmFiles(file);
      return entry.isFile() ? [{ file, text: fs.readFileSync(file, 'utf8') }] : [];
    });

  /** The run's debug log exists and names the command (so the check below reads the right file), without the address. */
  const expectNoAddressInNpmLogs = (command: string) => {
    const files = npmFiles();
    const logs = files.filter(({ file }) => file.startsWith(logsDir) && file.endsWith('-debug-0.log'));
    expect(logs.some(({ text }) => text.includes(`"outsourcing-privacy" "${command}" "--email-from" "-"`))).toBe(true);
    for (const { file, text } of files) {
      for (const forbidden of FORBIDDEN) {
        expect([file, forbidden, text.toLowerCase().includes(forbidden)]).toEqual([file, forbidden, false]);
      }
    }
  };

  const expectNoAddressIn = (text: string) => {
    for (const forbidden of FORBIDDEN)
      expect([forbidden, text.toLowerCase().includes(forbidden)]).toEqual([forbidden, false]);
  };

  it("export --email-from - prints the person's data; npm's logs and stderr hold no address", async () => {
    const result = await npx(['export', '--email-from', '-'], SUBJECT_AS_TYPED_BY_THE_OFFICER);
    expect([result.code, result.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
    const data = JSON.parse(result.stdout) as PrivacyExport;
    expect(data.requests.map((r) => [r.reference, r.email])).toEqual([[subject.reference, SUBJECT]]);
    expect(data.notifications.filter((n) => n.kind === 'confirmation').map((n) => n.recipients)).toEqual([[SUBJECT]]);
    // npm logged at its most verbose on the terminal too: stderr (npm's and the CLI's) names nobody.
    expectNoAddressIn(result.stderr);
    expectNoAddressInNpmLogs('export');
  });

  it("erase --email-from - anonymises the request; npm's logs and stderr hold no address", async () => {
    const result = await npx(['erase', '--email-from', '-'], SUBJECT_AS_TYPED_BY_THE_OFFICER);
    expect([result.code, result.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
    expect(result.stdout).toContain('Erased: 1 request(s) anonymised');
    expect(result.stdout).toContain(
      `Privacy log subject hash: ${subjectHashOf(process.env.PRIVACY_HASH_SALT ?? '', SUBJECT)}`
    );
    expectNoAddressIn(result.stdout + result.stderr);
    expectNoAddressInNpmLogs('erase');
    const after = await load(subject.id);
    expect(after).toMatchObject({ fullName: 'anonymised', emailKey: null });
    expect(after.anonymizedAt).toBeTruthy();
  });

  it('--email-from FILE erases each address of the file (one a line), reporting them by line', async () => {
    const first = await submit('Line.One@client.test');
    const second = await submit('line.two@client.test');
    expect([(await load(first.id)).emailKey, (await load(second.id)).emailKey]).toEqual(['line.one@client.test', 'line.two@client.test']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-list-'));
    const list = path.join(dir, 'addresses.txt');
    fs.writeFileSync(list, '\uFEFFline.one@CLIENT.test\r\n\r\n  line.two@client.test\n', { mode: 0o600 });
    try {
      const result = await privacyCli('erase', '--email-from', list);
      expect([result.code, result.stderr.slice(-2000), result.stdout]).toEqual([0, expect.any(String), expect.any(String)]);
      expect(result.stdout).toContain('Address 1 of 2 (line 1): Erased: 1 request(s) anonymised');
      expect(result.stdout).toContain('Address 2 of 2 (line 3): Erased: 1 request(s) anonymised');
      for (const row of [first, second]) expect((await load(row.id)).anonymizedAt).toBeTruthy();
      expect(`${result.stdout}${result.stderr}`.toLowerCase()).not.toContain('line.');

      // One person's data per export: a list is refused, by count.
      const refused = await privacyCli('export', '--email-from', list);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('export takes one address; 2 were given');
      expect(refused.stderr.toLowerCase()).not.toContain('line.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad input by line number or option name, never repeating what was typed', async () => {
    const cases: [string[], string, string][] = [
      [
        ['export', '--email-from', '-'],
        'zoe.npxprobe@client.test\nnpxprobe-without-at-sign\n',
        'line 2 of standard input is not an address',
      ],
      [['export', '--email-from', '-'], '\n  \n', 'no address in standard input'],
      [['export', 'zoe.npxprobe@client.test'], '', 'unexpected argument after the command'],
      [['zoe.npxprobe@client.test', 'export'], '', 'the first argument must be the command'],
      [['export', '--emial=zoe.npxprobe@client.test'], '', 'unknown option'],
      [
        ['export', '--email-from', '-', '--email', 'zoe.npxprobe@client.test'],
        '',
        '--email and --email-from exclude each other',
      ],
      [['export', '--email-from', path.join(os.tmpdir(), 'npxprobe-missing.txt')], '', 'cannot read'],
    ];
    for (const [args, input, message] of cases) {
      const result = await run(process.execPath, [path.join(ROOT, 'scripts', 'privacy.js'), ...args], input);
      expect([args, result.code, result.stderr.split('\n')[0]]).toEqual([args, 2, expect.stringContaining(message)]);
      expect(result.stdout).toBe('');
      if (!args.some((arg) => arg.endsWith('npxprobe-missing.txt'))) expectNoAddressIn(result.stderr);
    }
  });

  it('an error after the address was read is reported without it (the stack included)', async () => {
    const missingDir = path.join(os.tmpdir(), `privacy-missing-${process.pid}`);
    // Someone names the file after the person, in a directory that does not exist: the write fails.
    const out = path.join(missingDir, 'zoe.npxprobe@client.test.json');
    const result = await run(
      process.execPath,
      [path.join(ROOT, 'scripts', 'privacy.js'), 'export', '--email-from', '-', '--out', out],
      'zoe.npxprobe@client.test\n'
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ENOENT');
    expect(result.stderr).toContain(`${missingDir}/[address].json`);
    expectNoAddressIn(result.stderr);
    expect(fs.existsSync(missingDir)).toBe(false);
  });
});
