import { SWEEP_DEFAULTS, SWEEP_RANGES, displayUrl, startQueueWorker, type QueueWorkerEvent } from '@lenet/sweep';
import type { Command } from '../command';
import { rangeFlag } from '../flags/flag-values';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import { fixed } from '../format';
import type { Io } from '../io';
import { QUEUE_FLAG, queueUrl } from '../queue-progress';
import { UsageError } from '../usage-error';

const FLAGS: FlagSpecs = {
  ...QUEUE_FLAG,
  concurrency: {
    type: 'string',
    value: 'N',
    description: `runs trained at once, each on its own thread, ${SWEEP_RANGES.concurrency.min}-${SWEEP_RANGES.concurrency.max} (default ${SWEEP_DEFAULTS.concurrency})`,
  },
  'lock-seconds': {
    type: 'string',
    value: 'S',
    description: `job lock and stalled-check interval, ${SWEEP_RANGES.lockSeconds.min}-${SWEEP_RANGES.lockSeconds.max} (default ${SWEEP_DEFAULTS.lockSeconds}, BullMQ's); a dead worker's run restarts elsewhere after 1-2 x S`,
  },
};

function eventLine(e: QueueWorkerEvent): string {
  switch (e.type) {
    case 'started':
      return `[seed ${e.seed}] ${e.jobId} started`;
    case 'epoch':
      return `[seed ${e.seed}] Epoch [${e.record.epoch + 1}], Val Loss: ${fixed(e.record.valLoss, 4)}, Val Acc: ${fixed(e.record.valAccuracy, 2)}`;
    case 'finished':
      return `[seed ${e.seed}] ${e.jobId} finished: Test Accuracy: ${fixed(e.run.test.accuracy, 2)}%, ${fixed(e.run.wallSeconds, 1)} s, ${Math.ceil(e.bytes / 1024)} KiB stored`;
    case 'failed':
      return `${e.jobId} failed: ${e.reason}`;
    case 'handed-back':
      return `${e.jobId} handed back to the queue`;
    case 'error':
      return `queue error: ${e.message}`;
  }
}

async function run(argv: readonly string[], io: Io): Promise<void> {
  const { values } = parseFlags('worker', argv, FLAGS, false);
  if (values.help) {
    io.stdout.write(
      `Usage: lenet worker --queue URL [--concurrency N]\n\nTrains the runs that \`lenet experiment --queue\` and \`lenet reproduce --queue\` put on the queue, until SIGINT or SIGTERM\n(the run in progress goes back to the queue, then exit 0). Start any number, on any number of machines.\n\nFlags:\n${formatFlagHelp(FLAGS)}\n`,
    );
    return;
  }
  const url = queueUrl(values);
  if (url === undefined) throw new UsageError('worker: --queue URL is required (redis://host:port)');
  const concurrency = rangeFlag('concurrency', values.concurrency, SWEEP_RANGES.concurrency);
  const lockSeconds = rangeFlag('lock-seconds', values['lock-seconds'], SWEEP_RANGES.lockSeconds);
  const worker = await startQueueWorker({
    url,
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(lockSeconds === undefined ? {} : { lockSeconds }),
    onEvent: (e) => io.stderr.write(`${eventLine(e)}\n`),
  });
  io.stderr.write(`worker ${worker.name}: training runs from ${displayUrl(url)} (SIGINT/SIGTERM to stop)\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stderr.write(`worker ${worker.name}: ${signal}: handing back the runs in progress\n`);
  await worker.stop();
  io.stderr.write(`worker ${worker.name}: stopped\n`);
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'train the runs of `experiment --queue` / `reproduce --queue` from a Redis queue until stopped',
  usage: '--queue URL [--concurrency N]',
  flags: FLAGS,
  run,
};
