'use strict';
// The SMTP sink in a process of its own. In the bench process it shares an event loop with the load
// generator, which keeps that loop busy during a flood: the sink then answers the outbox late, and the
// bench measures its own client instead of the application. The child keeps the arrival times; the
// parent gets each message's Message-ID and arrival time.
const { fork } = require('child_process');

/**
 * @typedef {{ messageId: string, receivedAt: number }} Arrival
 * @typedef {{ port: number, messages: Arrival[], stop: () => Promise<void> }} SinkProcess
 */

/** @returns {Promise<SinkProcess>} */
const startSinkProcess = () =>
  new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    /** @type {Arrival[]} */
    const messages = [];
    child.once('error', reject);
    child.on('message', (/** @type {{ port?: number, arrivals?: Arrival[] }} */ message) => {
      if (message.arrivals) messages.push(...message.arrivals);
      if (message.port !== undefined) {
        resolve({
          port: message.port,
          messages,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });

if (require.main === module && process.argv.includes('--child')) {
  const { SmtpSink } = require('../../scripts/lib/smtp-sink');
  const sink = new SmtpSink({ parse: false });
  void sink.start().then((port) => {
    const send = process.send ? process.send.bind(process) : () => false;
    send({ port });
    let reported = 0;
    setInterval(() => {
      if (sink.messages.length === reported) return;
      const arrivals = sink.messages
        .slice(reported)
        .map((mail) => ({ messageId: mail.messageId, receivedAt: mail.receivedAt }));
      reported = sink.messages.length;
      // Only what the parent needs: the raw messages stay here (and are dropped).
      for (let i = 0; i < reported; i += 1) sink.messages[i].raw = '';
      send({ arrivals });
    }, 100);
  });
  process.on('SIGTERM', () => {
    void sink.stop().then(() => process.exit(0));
  });
}

module.exports = { startSinkProcess };
