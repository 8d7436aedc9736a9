import { Writable } from 'stream';
import { getStrapi } from './strapi';

/**
 * Everything the server logs while `run` runs: one more destination on Strapi's own logger (winston),
 * receiving every entry the console gets, at every level.
 */
export const capturedLog = async (run: () => Promise<void>): Promise<string> => {
  const chunks: string[] = [];
  const sink = new Writable({
    objectMode: true,
    write(info: { level?: unknown; message?: unknown }, _encoding, done) {
      // The console format has coloured the level already: `warn`, not its terminal escape codes.
      // eslint-disable-next-line no-control-regex
      const level = String(info.level).replace(/\u001b\[[0-9;]*m/g, '');
      chunks.push(`${level}: ${String(info.message)}\n`);
      done();
    },
  });
  // winston asks a transport for `log(info, callback)`; entries reach it through `write` above.
  const transport = Object.assign(sink, { log: (_info: unknown, done: () => void) => done() });
  const logger = getStrapi().log;
  logger.add(transport);
  try {
    await run();
    // An access-log line is written after the answer went out.
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    logger.remove(transport);
  }
  return chunks.join('');
};
