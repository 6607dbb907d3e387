/**
 * End-to-end: the built `lenet` binary (dist/main.js, built by the test target's dependency) as a child
 * process, on real MNIST. One short training run is shared by the tests that need a trained model.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMnist, resampleArea, type GrayImage } from '@lenet/data';
import { encodeJpeg } from './preprocess/encode-jpeg.test-util';
import { encodePng } from './preprocess/encode-png.test-util';

const MAIN = path.resolve(__dirname, '..', 'dist', 'main.js');
/** The short run: 5,000 training images (+1,250 validation), 2 epochs, 1,000 test images. */
const SHORT_RUN = ['--train-limit', '5000', '--test-limit', '1000', '--epochs', '2', '--seed', '0'];
/** Measured 88-90% on wasm; the threshold leaves margin for other backends and seeds. */
const MIN_TEST_ACCURACY = 80;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lenet(args: readonly string[], cwd: string): Result {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LENET_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `lenet` as a process running beside this one (for two runs at once); resolves with its pid and result. */
function lenetAsync(args: readonly string[], cwd: string): Promise<Result & { pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: { ...process.env, LENET_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid! }));
  });
}

let work: string;
let runDir: string;
let run: Result;

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} not built: run npx nx run cli:build (the test target depends on it)`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lenet-cli-'));
  runDir = path.join(work, 'run');
  run = lenet(['train', ...SHORT_RUN, '--out', 'run'], work);
}, 180_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('lenet train', () => {
  it("prints the seed notebook's lines and reaches the stated accuracy", () => {
    expect(run.stderr).toMatch(/^Backend: \w+/m);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Epoch \[1\/2\], Train Loss: \d+\.\d{4}, Train Acc: \d+\.\d{2}, Val Loss: \d+\.\d{4}, Val Acc: \d+\.\d{2}$/);
    expect(lines[1]).toMatch(/^Epoch \[2\/2\], /);
    const test = /^Test Loss: (\d+\.\d{4}), Test Accuracy: (\d+\.\d{2})%$/.exec(lines[2]);
    expect(test).not.toBeNull();
    expect(Number(test![2])).toBeGreaterThan(MIN_TEST_ACCURACY);
    expect(lines[3]).toMatch(/^Run folder: run \(/);
  });

  it('writes the run folder: summary, metrics, event file, model, checkpoint and five SVG figures', () => {
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
    expect(summary.options).toMatchObject({ model: 'lenet5', epochs: 2, trainLimit: 5000, testLimit: 1000, seed: 0 });
    expect(summary.test.confusion).toHaveLength(10);
    expect(summary.counts.test).toBe(1000);
    expect(typeof summary.backend).toBe('string');
    const printed = Number(/Test Accuracy: (\d+\.\d{2})%/.exec(run.stdout)![1]);
    expect(summary.test.accuracy).toBeCloseTo(printed, 2);

    const records = fs
      .readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const stepsPerEpoch = Math.ceil(5000 / 64);
    expect(records.filter((r) => r.kind === 'step')).toHaveLength(2 * stepsPerEpoch);
    expect(records.filter((r) => r.kind === 'epoch')).toHaveLength(2);

    expect(fs.readdirSync(runDir).some((f) => f.startsWith('events.out.tfevents.'))).toBe(true);
    expect(fs.existsSync(path.join(runDir, 'model', 'model.json'))).toBe(true);
    expect(fs.existsSync(path.join(runDir, 'checkpoint'))).toBe(true);
    for (const [file, title] of [
      ['curves.svg', 'Train Loss Over Time'],
      ['confusion.svg', 'Confusion matrix (test set)'],
      ['per-class.svg', 'Accuracy per class (test set)'],
      ['misclassified.svg', 'Misclassified test digits'],
      ['filters.svg', 'Learned C1 kernels'],
    ]) {
      const svg = fs.readFileSync(path.join(runDir, file), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).toContain(title);
    }
    // No temporary files left behind by the atomic writes (`.<name>.tmp-<pid>-<n>`, `<dir>.tmp-<pid>`, `<dir>.old`), and no lock.
    expect(fs.readdirSync(runDir).filter((f) => /\.tmp-\d+/.test(f) || f.endsWith('.old') || f === '.lock')).toEqual([]);
  });

  it('--json prints one JSON object with the results', () => {
    const r = lenet(['train', '--train-limit', '300', '--test-limit', '100', '--epochs', '1', '--out', 'json-run', '--json'], work);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['testAccuracy', 'testLoss', 'epochs', 'backend', 'trainImagesPerSecond', 'wallSeconds', 'runDir']),
    );
    expect(out.epochs).toBe(1);
    expect(out.runDir).toBe(path.join(work, 'json-run'));
    expect(out.trainImagesPerSecond).toBeGreaterThan(0);
    // The epoch lines went to stderr; stdout is the JSON alone.
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Epoch [1/1], Train Loss:');
  });
});

describe('lenet train --resume', () => {
  const tiny = ['--train-limit', '300', '--test-limit', '100'];

  it('continues a finished run for more epochs from its checkpoint', () => {
    expect(lenet(['train', ...tiny, '--epochs', '1', '--out', 'resumable'], work).code).toBe(0);
    const r = lenet(['train', ...tiny, '--epochs', '2', '--out', 'resumable', '--resume'], work);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Epoch [1/2]');
    expect(r.stdout).toMatch(/^Epoch \[2\/2\], Train Loss: /m);
    const records = fs
      .readFileSync(path.join(work, 'resumable', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.filter((x) => x.kind === 'epoch').map((x) => x.epoch)).toEqual([0, 1]);
  });

  it('refuses to resume with other options (exit 2), leaving the run as it was (nothing repaired either)', () => {
    const metrics = path.join(work, 'resumable', 'metrics.jsonl');
    const before = fs.readFileSync(metrics, 'utf8');
    // What a save killed by a dead process leaves: resuming would delete it, a refused resume must not.
    const leftover = path.join(work, 'resumable', 'checkpoint.tmp-999999999');
    fs.mkdirSync(leftover);
    const r = lenet(['train', ...tiny, '--epochs', '3', '--lr', '0.01', '--out', 'resumable', '--resume'], work);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "lenet: --resume: resumable was trained with other options (learningRate 0.001 in the run, 0.01 now); give the run's options (only --epochs, --backend and --data-dir may change)",
    );
    expect(fs.readFileSync(metrics, 'utf8')).toBe(before);
    expect(fs.existsSync(leftover)).toBe(true);
    fs.rmSync(leftover, { recursive: true });
  });

  it('resumes a run whose lock was left by a killed process (pid gone)', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // has exited: nobody holds the lock
    fs.writeFileSync(path.join(work, 'resumable', '.lock'), `${dead}\n`);
    const r = lenet(['train', ...tiny, '--epochs', '3', '--out', 'resumable', '--resume'], work);
    expect(r.stderr).not.toContain('in use');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Epoch \[3\/3\], Train Loss: /m);
    expect(fs.existsSync(path.join(work, 'resumable', '.lock'))).toBe(false);
  });

  it('two runs into one folder at once: one trains, the other exits 2 naming its pid, and the folder is whole', async () => {
    const args = ['train', ...tiny, '--epochs', '1', '--out', 'race'];
    const [a, b] = await Promise.all([lenetAsync(args, work), lenetAsync(args, work)]);
    const [winner, loser] = a.code === 0 ? [a, b] : [b, a];
    expect([winner.code, loser.code]).toEqual([0, 2]);
    expect(loser.stderr.trim()).toMatch(new RegExp(`^lenet: .*in use by another run \\(pid ${winner.pid}\\)`));
    expect(loser.stderr.trim().split('\n')).toHaveLength(1);
    expect(loser.stdout).toBe('');
    const records = fs
      .readFileSync(path.join(work, 'race', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.filter((x) => x.kind === 'epoch')).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'race', 'summary.json'), 'utf8')).options.runDir).toBe(path.join(work, 'race'));
    expect(fs.existsSync(path.join(work, 'race', '.lock'))).toBe(false);
  }, 240_000);
});

describe('usage errors: exit 2, one line naming the problem, nothing written', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown command', ['trian'], /^lenet: unknown command "trian" \(did you mean train\?\)/],
    ['unknown flag', ['train', '--epoch', '3', '--out', 'x'], /^lenet: train: unknown flag --epoch \(did you mean --epochs\?\)/],
    ['unknown model', ['train', '--model', 'lenet6', '--out', 'x'], /^lenet: --model "lenet6": expected one of lenet5, lenet5-1998, lenet1, lenet4$/],
    ['value out of range', ['train', '--epochs', '0', '--out', 'x'], /^lenet: --epochs "0": expected an integer from 1 to 1000$/],
    ['not a number', ['train', '--lr', 'fast', '--out', 'x'], /^lenet: --lr "fast": expected a number/],
    ['bad choice', ['train', '--activation', 'gelu', '--out', 'x'], /^lenet: --activation "gelu": expected one of/],
    [
      'loss that does not fit the head',
      ['train', '--head', 'rbf', '--loss', 'cross-entropy', '--out', 'x'],
      /^lenet: loss criterion: expected map or plain for an rbf head, found 'cross-entropy'$/,
    ],
    ['missing data dir', ['train', '--data-dir', 'no-such-dir', '--out', 'x'], /^lenet: --data-dir no-such-dir: no such directory$/],
    ['no data found', ['train', '--data-dir', 'empty', '--out', 'x'], /^lenet: .*not found in .*empty/],
    ['existing run folder', ['train', '--out', 'run'], /^lenet: --out run: folder exists and is not empty/],
    ['resume without checkpoint', ['train', '--resume', '--out', 'x'], /^lenet: --resume: x holds no checkpoint/],
    ['missing image', ['predict', 'nope.png', '--model', 'run'], /^lenet: nope\.png: no such file$/],
    ['not an image', ['predict', 'notes.png', '--model', 'run'], /^lenet: notes\.png: not a PNG or JPEG image/],
    ['blank image', ['predict', 'blank.png', '--model', 'run'], /^lenet: blank\.png: no digit found/],
    ['missing model', ['predict', 'blank.png', '--model', 'nowhere'], /^lenet: --model nowhere: no such directory$/],
    ['eval without --model', ['eval'], /^lenet: eval: --model DIR is required/],
    ['not a run folder', ['plot', 'empty'], /^lenet: empty: not a run folder \(expected metrics\.jsonl in it\)$/],
    ['unknown variant', ['reproduce', '--variants', 'lenet7', '--out', 'x'], /^lenet: --variants "lenet7": unknown lenet7/],
  ];

  beforeAll(() => {
    fs.mkdirSync(path.join(work, 'empty'), { recursive: true });
    fs.writeFileSync(path.join(work, 'notes.png'), 'these are notes, not a PNG');
    fs.writeFileSync(path.join(work, 'blank.png'), encodePng({ width: 40, height: 30, data: new Uint8Array(1200).fill(230) }));
  });

  it.each(cases)('%s', (_name, args, message) => {
    const before = fs.readdirSync(work).sort();
    const r = lenet(args, work);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1); // one line, no stack
    expect(r.stdout).toBe('');
    expect(fs.readdirSync(work).sort()).toEqual(before);
  });

  // Dawn's only backend on Linux is Vulkan: with no Vulkan driver listed it finds no adapter. It writes its own
  // driver warnings to stderr first (native code); the CLI's message is the last line.
  const onLinux = process.platform === 'linux' ? it : it.skip;
  onLinux.each([
    ['train', '--out', 'x'],
    ['eval', '--model', 'run'],
  ])(
    `%s --backend webgpu without an adapter: exit 2, the reason in one line, nothing written${process.platform === 'linux' ? '' : ' (skipped: not Linux)'}`,
    (...args: string[]) => {
      const before = fs.readdirSync(work).sort();
      const r = spawnSync(process.execPath, [MAIN, ...args, '--backend', 'webgpu'], {
        cwd: work,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, LENET_DEBUG: '', VK_ICD_FILENAMES: path.join(work, 'no-such-icd.json') },
      });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n').pop()).toMatch(/^lenet: backend 'webgpu': no WebGPU adapter found \(.*\), or use --backend wasm$/);
      expect(r.stdout).toBe('');
      expect(fs.readdirSync(work).sort()).toEqual(before);
    },
  );

  it('exit 0 and the commands table for --help', () => {
    const r = lenet(['--help'], work);
    expect(r.code).toBe(0);
    for (const c of ['train', 'eval', 'plot', 'predict', 'experiment', 'reproduce']) expect(r.stdout).toContain(`lenet ${c}`);
  });
});

/** An MNIST digit enlarged to width x height (area resampling) and inverted: dark ink on white, like a photo. */
function invertedPhoto(digit: GrayImage, width: number, height: number): GrayImage {
  const ink = { width: digit.width, height: digit.height, data: Float32Array.from(digit.data) };
  const big = resampleArea(ink, { left: 0, top: 0, right: digit.width, bottom: digit.height }, width, height);
  return { width, height, data: Uint8Array.from(big.data, (v) => 255 - Math.round(v)) };
}

/** Writes MNIST test digits `from`..`from + 9` into the work folder as inverted 56x40 images, `digit-<i>.<ext>`. */
async function writeTestDigits(from: number, ext: string, encode: (img: GrayImage) => Uint8Array): Promise<{ files: string[]; labels: number[] }> {
  const { test } = await loadMnist();
  const files: string[] = [];
  const labels: number[] = [];
  for (let i = from; i < from + 10; i++) {
    const digit = { width: 28, height: 28, data: test.images.slice(i * 784, (i + 1) * 784) };
    const file = `digit-${i}.${ext}`;
    fs.writeFileSync(path.join(work, file), encode(invertedPhoto(digit, 56, 40)));
    files.push(file);
    labels.push(test.labels[i]);
  }
  return { files, labels };
}

describe('lenet predict, eval and plot on the trained run', () => {
  it('predicts MNIST test digits saved as inverted 56x40 PNGs', async () => {
    const { files, labels } = await writeTestDigits(0, 'png', encodePng);
    const r = lenet(['predict', ...files, '--model', 'run', '--json'], work);
    expect(r.code).toBe(0);
    const rows: Array<{ file: string; predicted: number; probabilities: number[] }> = JSON.parse(r.stdout);
    expect(rows.map((x) => x.file)).toEqual(files);
    for (const row of rows) expect(row.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    const correct = rows.filter((row, i) => row.predicted === labels[i]).length;
    expect(correct).toBeGreaterThanOrEqual(8);

    const text = lenet(['predict', files[0], '--model', path.join('run', 'model')], work);
    expect(text.stdout).toMatch(/^digit-0\.png: \d \(\d+\.\d%\) {2}0:\d\.\d{3} 1:/);
  });

  it('predicts MNIST test digits saved as JPEG: baseline (written here) and progressive (Pillow), told apart by content', async () => {
    const { files, labels } = await writeTestDigits(10, 'jpg', (img) => encodeJpeg(img, 90));
    expect((await loadMnist()).test.labels[0]).toBe(7);
    // MNIST test digit 0 (a 7) as blue ink on cream paper, a progressive JPEG, under a name that says PNG.
    fs.copyFileSync(path.join(__dirname, 'preprocess', 'fixtures', 'mnist-test-0-progressive.jpg'), path.join(work, 'seven.png'));
    const r = lenet(['predict', ...files, 'seven.png', '--model', 'run', '--json'], work);
    expect(r.code).toBe(0);
    const rows: Array<{ file: string; predicted: number }> = JSON.parse(r.stdout);
    expect(rows.map((x) => x.file)).toEqual([...files, 'seven.png']);
    expect(rows.filter((row, i) => row.predicted === labels[i]).length).toBeGreaterThanOrEqual(8);
    expect(rows[10]!.predicted).toBe(7);
  }, 120_000);

  it('refuses a JPEG that declares more than 16 megapixels, and a truncated one, naming the file (exit 2)', () => {
    const bytes = encodeJpeg({ width: 40, height: 30, data: new Uint8Array(1200).fill(200) });
    const sof = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc0);
    const huge = Uint8Array.from(bytes);
    new DataView(huge.buffer).setUint32(sof + 5, (8000 << 16) | 8000); // height, width
    fs.writeFileSync(path.join(work, 'huge.jpg'), huge);
    fs.writeFileSync(path.join(work, 'cut.jpg'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const big = lenet(['predict', 'huge.jpg', '--model', 'run'], work);
    expect([big.code, big.stdout]).toEqual([2, '']);
    expect(big.stderr.trim()).toBe('lenet: huge.jpg: the image is 8000x8000 (64000000 pixels); expected at most 16777216 pixels (4096x4096)');
    const cut = lenet(['predict', 'cut.jpg', '--model', 'run'], work);
    expect([cut.code, cut.stdout]).toEqual([2, '']);
    expect(cut.stderr.trim()).toMatch(/^lenet: cut\.jpg: not a readable JPEG image \(.+\)$/);
  }, 120_000);

  it('evaluates the saved model', () => {
    const r = lenet(['eval', '--model', 'run', '--test-limit', '1000', '--json'], work);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.count).toBe(1000);
    expect(out.testAccuracy).toBeGreaterThan(MIN_TEST_ACCURACY);
    expect(out.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1000);
  });

  it('redraws the figures byte for byte', () => {
    const before = fs.readFileSync(path.join(runDir, 'curves.svg'), 'utf8');
    fs.rmSync(path.join(runDir, 'confusion.svg'));
    const r = lenet(['plot', 'run'], work);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(
      ['curves.svg', 'confusion.svg', 'per-class.svg', 'misclassified.svg', 'filters.svg'].map((f) => path.join('run', f)),
    );
    expect(fs.readFileSync(path.join(runDir, 'curves.svg'), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(runDir, 'confusion.svg'))).toBe(true);
  });
});

describe('lenet experiment and lenet reproduce (tiny)', () => {
  const tiny = ['--train-limit', '200', '--test-limit', '100', '--epochs', '1'];

  it('experiment prints one row per seed and the mean +/- std, and writes its folder', () => {
    const r = lenet(['experiment', '--runs', '2', ...tiny, '--out', 'exp'], work);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.map((l) => l.split('|')[1].trim())).toEqual(['seed', '0', '1', 'mean +/- std']);
    expect(rows[3]).toMatch(/\d+\.\d{2} \+\/- \d+\.\d{2}/);
    expect(r.stdout).toMatch(/^Test accuracy over 2 seeds: \d+\.\d{2} \+\/- \d+\.\d{2}%/m);
    for (const f of ['experiment.md', 'experiment.json', 'seed-spread.svg', 'seed-0/summary.json', 'seed-1/summary.json']) {
      expect(fs.existsSync(path.join(work, 'exp', f))).toBe(true);
    }
  });

  it('experiment --resume continues each run from its checkpoint (a longer --epochs adds epochs), and refuses other options', () => {
    const epochsOf = (seed: number) =>
      fs
        .readFileSync(path.join(work, 'exp', `seed-${seed}`, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string })
        .filter((rec) => rec.kind === 'epoch');
    const before = [epochsOf(0), epochsOf(1)];
    const withEpochs = (epochs: string) => tiny.map((a, i) => (tiny[i - 1] === '--epochs' ? epochs : a));
    const longer = lenet(['experiment', '--runs', '2', ...withEpochs('2'), '--out', 'exp', '--resume'], work);
    expect(longer.code).toBe(0);
    for (const seed of [0, 1]) {
      expect(epochsOf(seed)).toHaveLength(2);
      expect(epochsOf(seed)[0]).toEqual(before[seed]![0]); // continued, not retrained
    }
    const other = lenet(['experiment', '--runs', '2', ...withEpochs('2'), '--lr', '0.01', '--out', 'exp', '--resume'], work);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--resume: exp\/seed-0 was trained with other options \(learningRate/);
    expect(lenet(['experiment', '--runs', '2', ...tiny, '--resume'], work).stderr).toMatch(/--resume needs --out DIR/);
    expect(lenet(['experiment', '--runs', '2', ...tiny, '--resume', '--out', 'nowhere'], work).stderr).toMatch(/--resume: --out nowhere is not a folder/);
  });

  it('reproduce writes REPRODUCTION.md with the paper and seed columns, and its figures', () => {
    const r = lenet(['reproduce', '--variants', 'seed,lenet5-1998', '--seeds', '1', ...tiny, '--out', 'repro'], work);
    expect(r.code).toBe(0);
    const md = fs.readFileSync(path.join(work, 'repro', 'REPRODUCTION.md'), 'utf8');
    expect(md).toContain('| variant ');
    expect(md).toContain("seed's lenet5");
    expect(md).toContain('0.95 (99.05%)');
    expect(md).toContain('1.23 (98.77%, one run)');
    for (const f of ['variant-spread.svg', 'variants/seed/curves.svg', 'variants/lenet5-1998/curves.svg', 'variants/seed/experiment.md']) {
      expect(fs.existsSync(path.join(work, 'repro', f))).toBe(true);
    }
  });

  it("reproduce --paper writes Fig. 9's rows beside the paper's and Fig. 5 (test error per pass)", () => {
    const r = lenet(
      ['reproduce', '--paper', '--variants', 'lenet1,lenet5', '--seeds', '1', '--train-limit', '200', '--test-limit', '100', '--epochs', '2', '--out', 'paper'],
      work,
    );
    expect(r.code).toBe(0);
    const md = fs.readFileSync(path.join(work, 'paper', 'REPRODUCTION.md'), 'utf8');
    expect(md).toContain("# Reproduction: Fig. 9 of LeCun et al. 1998, trained the paper's way");
    expect(md).toContain('1.70 (98.30%)');
    expect(md).toContain('## Fig. 5: LeNet-5, error per pass');
    expect(md).toMatch(/\| +2 \| +\d+\.\d{2} \| +2\.10 \|/);
    for (const f of ['fig5.svg', 'variant-spread.svg', 'variants/lenet1/seed-0/summary.json']) expect(fs.existsSync(path.join(work, 'paper', f))).toBe(true);
  });

  it('reproduce --resume continues each run from its checkpoint: a finished one is not trained again, and other options are refused', () => {
    const args = (epochs: string, limit = '200') => [
      'reproduce',
      '--paper',
      '--variants',
      'lenet1,lenet5',
      '--seeds',
      '1',
      '--train-limit',
      limit,
      '--test-limit',
      '100',
      '--epochs',
      epochs,
      '--out',
      'paper',
      '--resume',
    ];
    const metrics = path.join(work, 'paper', 'variants', 'lenet1', 'seed-0', 'metrics.jsonl');
    const records = () =>
      fs
        .readFileSync(metrics, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string });
    const before = records();
    const row = (md: string) => md.split('\n').find((l) => l.startsWith('| LeNet-1 '));
    const mdBefore = fs.readFileSync(path.join(work, 'paper', 'REPRODUCTION.md'), 'utf8');

    const again = lenet(args('2'), work);
    expect(again.code).toBe(0);
    expect(records()).toEqual(before); // nothing trained
    const mdAgain = fs.readFileSync(path.join(work, 'paper', 'REPRODUCTION.md'), 'utf8');
    expect(row(mdAgain)!.split('|').slice(1, 8)).toEqual(row(mdBefore)!.split('|').slice(1, 8)); // same accuracy, same minutes per run

    const refused = lenet(args('2', '300'), work);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--resume: paper\/variants\/lenet1\/seed-0 was trained with other options \(trainLimit 200 in the run, 300 now\)/);
    expect(records()).toEqual(before);

    const longer = lenet(args('3'), work);
    expect(longer.code).toBe(0);
    const after = records();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.filter((r) => r.kind === 'epoch')).toHaveLength(3);

    expect(lenet(['reproduce', '--paper', '--resume', '--out', 'no-such-folder'], work).stderr).toMatch(/--resume: --out no-such-folder is not a folder/);
  });

  it("reproduce --resume in a fresh clone (the report's files, no run folders) keeps each variant's stored outcome, and trains a changed one", () => {
    // The report's files as the repository keeps them: everything but the seed-N run folders.
    const clone = path.join(work, 'clone');
    fs.cpSync(path.join(work, 'paper'), clone, { recursive: true, filter: (src) => !/seed-\d+$/.test(src) });
    const args = (variants: string, testLimit: string) => [
      'reproduce',
      '--paper',
      '--variants',
      variants,
      '--seeds',
      '1',
      '--train-limit',
      '200',
      '--test-limit',
      testLimit,
      '--epochs',
      '3',
      '--out',
      'clone',
      '--resume',
    ];
    const row = (md: string, label: string) =>
      md
        .split('\n')
        .find((l) => l.startsWith(`| ${label} `))!
        .split('|')
        .slice(1, 8);
    const mdOf = (dir: string) => fs.readFileSync(path.join(work, dir, 'REPRODUCTION.md'), 'utf8');

    const kept = lenet(args('lenet1,lenet5', '100'), work);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toMatch(/kept from clone\/variants\/lenet1\/outcome\.json/);
    expect(fs.existsSync(path.join(clone, 'variants', 'lenet1', 'seed-0'))).toBe(false); // nothing trained
    for (const label of ['LeNet-1', 'LeNet-5']) expect(row(mdOf('clone'), label)).toEqual(row(mdOf('paper'), label));
    expect(mdOf('clone')).toContain('## Fig. 5');
    // The header names the backend the kept runs trained on, not the flag's default.
    const backendOf = (md: string) => /; backend ([^;]+);/.exec(md)?.[1];
    expect(backendOf(mdOf('clone'))).toBe(backendOf(mdOf('paper')));
    expect(backendOf(mdOf('clone'))).not.toBe('auto');

    // Another test set size is another measurement: the variant is trained again.
    const changed = lenet(args('lenet1', '50'), work);
    expect(changed.code).toBe(0);
    expect(changed.stderr).not.toMatch(/kept from/);
    expect(fs.existsSync(path.join(clone, 'variants', 'lenet1', 'seed-0', 'metrics.jsonl'))).toBe(true);

    fs.writeFileSync(path.join(clone, 'variants', 'lenet5', 'outcome.json'), '{"runs": 1');
    const broken = lenet(args('lenet5', '100'), work);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/clone\/variants\/lenet5\/outcome\.json: not a reproduction outcome .*delete it to train the variant again/);
  });
});
