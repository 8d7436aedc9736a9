import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { compileStrapi } from '@strapi/strapi';

const ROOT = path.resolve(__dirname, '..', '..');
const STAMP = path.join(ROOT, '.tmp', 'test-compile-stamp.json');

interface CompiledApp {
  appDir: string;
  distDir: string;
}

interface Stamp {
  distDir: string;
  sources: string;
  output: string;
}

const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .map((file) => path.join(dir, file))
        .filter((file) => fs.statSync(file).isFile())
        .sort()
    : [];

/** What the compiler reads: the contents of src/, config/ and tsconfig.json. */
const fingerprintSources = (): string => {
  const hash = crypto.createHash('sha1');
  for (const file of [...filesUnder(path.join(ROOT, 'src')), ...filesUnder(path.join(ROOT, 'config'))]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  hash.update(fs.readFileSync(path.join(ROOT, 'tsconfig.json')));
  return hash.digest('hex');
};

/** What the compiler wrote, by name, size and modification time: changes when anything rewrites dist/. */
const fingerprintOutput = (distDir: string): string => {
  const hash = crypto.createHash('sha1');
  const files = [...filesUnder(path.join(distDir, 'src')), ...filesUnder(path.join(distDir, 'config'))];
  if (files.length === 0) return '';
  for (const file of files) {
    const { size, mtimeMs } = fs.statSync(file);
    hash.update(`${path.relative(distDir, file)}\0${size}\0${mtimeMs}\0`);
  }
  return hash.digest('hex');
};

const readStamp = (): Stamp | undefined => {
  try {
    const stamp: unknown = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    if (stamp && typeof stamp === 'object' && 'distDir' in stamp && 'sources' in stamp && 'output' in stamp) {
      const { distDir, sources, output } = stamp;
      if (typeof distDir === 'string' && typeof sources === 'string' && typeof output === 'string') {
        return { distDir, sources, output };
      }
    }
    return undefined;
  } catch {
    // No stamp yet (or a damaged one): compile.
    return undefined;
  }
};

/**
 * `compileStrapi()` runs the TypeScript compiler over src/ and config/ (about 15 s on a 2-core machine).
 * Every integration file boots its own app, so the first boot of a run compiles and the next ones reuse
 * dist/ as long as neither the sources nor dist/ changed since (a stamp in .tmp/ records both).
 */
export const compileOnce = async (): Promise<CompiledApp> => {
  const sources = fingerprintSources();
  const stamp = readStamp();
  if (stamp && stamp.sources === sources && stamp.output !== '' && stamp.output === fingerprintOutput(stamp.distDir)) {
    return { appDir: ROOT, distDir: stamp.distDir };
  }
  const { distDir } = await compileStrapi({ appDir: ROOT });
  if (!distDir) throw new Error('compileStrapi() returned no dist directory');
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, JSON.stringify({ distDir, sources, output: fingerprintOutput(distDir) } satisfies Stamp));
  return { appDir: ROOT, distDir };
};
