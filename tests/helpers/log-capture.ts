import { Writable } from 'stream';
import { inspect } from 'util';
import { getStrapi } from './strapi';

/**
 * Everything the server logs while `run` runs: one more destination on Strapi's own logger (winston),
 * receiving every entry the console gets, at every level.
 */
export const capturedLog = async (run: () => Promise<void>): Promise<string> => {
  const chunks: string[] = [];
  const sink = new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _encoding, done) {
      // The console format has coloured the level already: `warn`, not its terminal escape codes.
      // eslint-disable-next-line no-control-regex
      const level = String(info.level).replace(/\u001b\[[0-9;]*m/g, '');
      // An Error logged as such: Strapi's console format prints its stack after the message.
      const stack = typeof info.stack === 'string' ? `\n${info.stack}` : '';
      // Whatever else the entry carries (a driver error's `detail`, `where`…) reaches a JSON log format.
      const extra = Object.entries(info)
        .filter(([key]) => !['level', 'message', 'stack', 'timestamp'].includes(key))
        .map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : inspect(value, { depth: 4 })}`)
        .join('');
      chunks.push(`${level}: ${String(info.message)}${extra}${stack}\n`);
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
