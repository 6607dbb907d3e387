import * as fs from 'node:fs';
import * as path from 'node:path';
import { BOOST_FILE, BOOST_TRAIN_DEFAULTS, trainBoosted, type BoostStage } from '@lenet/train';
import type { Command } from '../command';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import { TRAINING_FLAGS, trainOptionsFromFlags } from '../flags/training-flags';
import { epochLine, heldOut, testLine } from '../format';
import type { Io } from '../io';
import { displayPath } from '../run-dir';
import { UsageError } from '../usage-error';

const FLAGS: FlagSpecs = {
  ...TRAINING_FLAGS,
  out: { type: 'string', value: 'DIR', description: `folder of the three nets' run folders, their training sets and ${BOOST_FILE} (required)` },
  resume: { type: 'boolean', description: 'continue the boosted run in --out (finished nets are reloaded, an interrupted one resumed)' },
};

function stageLine(s: BoostStage): string {
  if (s.kind === 'select') return `Selecting net ${s.net}'s patterns from the paper's distorted set`;
  return `Net ${s.net} of 3: ${s.patterns} training patterns`;
}

async function run(argv: readonly string[], io: Io): Promise<void> {
  const { values } = parseFlags('boost', argv, FLAGS, false);
  if (values.help) {
    io.stdout.write(`${helpText()}\n`);
    return;
  }
  if (typeof values.out !== 'string') throw new UsageError('--out DIR is required: the folder the three nets are written to');
  const out = path.resolve(io.cwd, values.out);
  const resume = values.resume === true;
  const exists = fs.existsSync(out);
  if (exists && !fs.statSync(out).isDirectory()) throw new UsageError(`--out ${values.out}: expected a folder, found a file`);
  if (resume && !exists) throw new UsageError(`--out ${values.out}: --resume needs the folder of an interrupted boosted run, found nothing`);
  if (!resume && exists && fs.readdirSync(out).length > 0) {
    throw new UsageError(`--out ${values.out}: not empty; give --resume to continue the boosted run there, or a new folder`);
  }
  // trainOptionsFromFlags fills in lenet5 (the train command's model); without --model the booster's applies.
  const { model, ...given } = trainOptionsFromFlags(values, io.cwd);
  const options = values.model === undefined ? given : { ...given, model };
  const epochs = options.epochs ?? BOOST_TRAIN_DEFAULTS.epochs;
  const result = await trainBoosted({
    train: {
      ...options,
      onEpoch: (r) => {
        const { held, loss, accuracy } = heldOut(r);
        io.stdout.write(`${epochLine(r.epoch + 1, epochs, r.trainLoss, r.trainAccuracy, loss, accuracy, held)}\n`);
      },
    },
    out,
    resume,
    onStage: (s) => io.stdout.write(`${stageLine(s)}\n`),
  });
  const { pool, firstWrong, secondSet, disagreements } = result.selection;
  io.stdout.write(
    `Selected: net 1 got ${firstWrong} of ${pool} patterns wrong (net 2 trained on ${secondSet}); nets 1 and 2 disagreed on ${disagreements} others (net 3)\n`,
  );
  result.nets.forEach((n, k) =>
    io.stdout.write(`Net ${k + 1}: ${n.testAccuracy.toFixed(2)}% test accuracy, ${(n.trainSeconds / 60).toFixed(1)} min of training\n`),
  );
  io.stdout.write(`Boosted (outputs added): ${testLine(result.test.loss, result.test.accuracy)}\n`);
  io.stdout.write(`Folder: ${displayPath(out, io.cwd)} (net-1/, net-2/, net-3/, net-2-data/, net-3-data/, ${BOOST_FILE})\n`);
}

function helpText(): string {
  return `Usage: lenet boost --out DIR [flags]

Trains the paper's Boosted LeNet-4 (LeCun et al. 1998, pp. 13-14): net 1 on the distorted set (60,000 +
540,000), net 2 on every pattern of that set net 1 gets wrong plus as many it gets right, net 3 on the other
patterns nets 1 and 2 classify differently; the three nets' outputs are added at test time. Defaults: model
${BOOST_TRAIN_DEFAULTS.model}, optimizer ${BOOST_TRAIN_DEFAULTS.optimizer}, schedule ${BOOST_TRAIN_DEFAULTS.schedule}, ${BOOST_TRAIN_DEFAULTS.epochs} passes a net, no validation part; the flags below override them.

Flags:
${formatFlagHelp(FLAGS)}`;
}

export const boostCommand: Command = {
  name: 'boost',
  summary: "train the paper's Boosted LeNet-4: three nets, the later ones on the patterns the earlier ones filter",
  usage: '--out DIR [flags]',
  flags: FLAGS,
  run,
};
