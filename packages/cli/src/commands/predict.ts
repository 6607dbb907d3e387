import * as fs from 'node:fs';
import { NoDigitError, toMnist } from '@lenet/data';
import type { Command } from '../command';
import { readableFile } from '../flags/flag-values';
import { MODEL_FLAGS, modelFlagValues } from '../flags/model-flags';
import { formatFlagHelp, parseFlags } from '../flags/parse-flags';
import type { FlagSpecs } from '../flags/parse-flags';
import type { Io } from '../io';
import { decodeImage } from '../preprocess/decode-image';
import { MAX_IMAGE_PIXELS } from '../preprocess/image-size-limit';
import { loadRunModel, predictImages } from '../run-model';
import { UsageError } from '../usage-error';

const FLAGS: FlagSpecs = {
  ...MODEL_FLAGS,
  json: { type: 'boolean', description: 'print a JSON array of { file, predicted, probabilities }' },
};

/** One image ready for the model. */
export interface PreparedImage {
  file: string;
  pixels: Uint8Array;
}

/** Reads, decodes and preprocesses every image; any problem is a UsageError naming the file. */
export function prepareImages(files: readonly string[], cwd: string): PreparedImage[] {
  return files.map((raw) => {
    const abs = readableFile('', raw, cwd);
    const bytes = fs.readFileSync(abs);
    const img = decodeImage(bytes, raw);
    try {
      return { file: raw, pixels: toMnist(img) };
    } catch (error) {
      if (error instanceof NoDigitError) throw new UsageError(`${raw}: ${error.message}; expected one digit on a plain background`);
      throw error;
    }
  });
}

async function run(argv: readonly string[], io: Io): Promise<void> {
  const { values, positionals } = parseFlags('predict', argv, FLAGS, true);
  if (values.help) {
    io.stdout.write(
      `Usage: lenet predict IMAGE... --model DIR\n\nClassifies PNG or JPEG (baseline or progressive) images of single digits, any size, dark-on-light or\nlight-on-dark: each is turned into a 28x28 MNIST-style image (background from the border, bounding box scaled into 20x20,\ncentred by mass). The format is read from the file's first bytes, not its name; images above\n${MAX_IMAGE_PIXELS} pixels (4096x4096) are refused from their header.\n\nFlags:\n${formatFlagHelp(FLAGS)}\n`,
    );
    return;
  }
  const { location, normalization, backend } = modelFlagValues('predict', values, io.cwd);
  if (positionals.length === 0) throw new UsageError('predict: expected at least one IMAGE (a PNG or JPEG file)');
  const images = prepareImages(positionals, io.cwd);

  const m = await loadRunModel(location, normalization, backend);
  try {
    const pixels = new Uint8Array(images.length * 784);
    images.forEach((im, i) => pixels.set(im.pixels, i * 784));
    const { classes, probabilities } = predictImages(m, pixels, images.length);
    const rows = images.map((im, i) => ({
      file: im.file,
      predicted: classes[i],
      probabilities: Array.from(probabilities.subarray(i * 10, (i + 1) * 10), (p) => Number(p.toFixed(6))),
    }));
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(rows)}\n`);
      return;
    }
    for (const r of rows) {
      const probs = r.probabilities.map((p, k) => `${k}:${p.toFixed(3)}`).join(' ');
      io.stdout.write(`${r.file}: ${r.predicted} (${(r.probabilities[r.predicted] * 100).toFixed(1)}%)  ${probs}\n`);
    }
  } finally {
    m.model.dispose();
  }
}

export const predictCommand: Command = {
  name: 'predict',
  summary: 'classify PNG or JPEG images of digits (any size, either polarity) with a trained model',
  usage: 'IMAGE... --model DIR',
  flags: FLAGS,
  run,
};
