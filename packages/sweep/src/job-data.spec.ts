import { DEFAULT_TRAIN_OPTIONS } from '@lenet/train';
import { JOB_FORMAT, JOB_OPTION_KEYS, JobDataError, runJobData, runJobId, validateJobData } from './job-data';

describe('job data', () => {
  it("keeps the run's training options and drops the submitter's own (folder, resume, callbacks)", () => {
    const data = runJobData({ model: 'lenet5', epochs: 1, seed: 4, threads: 1, runDir: '/tmp/x', resume: true, keepModel: true, onEpoch: () => undefined });
    expect(data).toEqual({ format: JOB_FORMAT, options: { model: 'lenet5', epochs: 1, seed: 4, threads: 1 } });
    expect(runJobData({ model: 'lenet5' }).options.threads).toBeGreaterThanOrEqual(1);
    expect(JOB_OPTION_KEYS).not.toContain('runDir');
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('ids a run by its resolved options: stable, order-free, defaults spelled out or not', () => {
    const id = runJobId({ model: 'lenet5', seed: 1, trainLimit: 100 });
    expect(id).toMatch(/^run-[0-9a-f]{32}$/);
    expect(runJobId({ trainLimit: 100, seed: 1, model: 'lenet5' })).toBe(id);
    expect(runJobId({ model: 'lenet5', seed: 1, trainLimit: 100, epochs: DEFAULT_TRAIN_OPTIONS.epochs })).toBe(id);
    expect(runJobId({ model: 'lenet5', seed: 2, trainLimit: 100 })).not.toBe(id);
    expect(runJobId({ model: 'lenet5', seed: 1, trainLimit: 100, modelOptions: { subsampling: 'max' } })).not.toBe(id);
  });

  it('validates with the checks of lenet train and says what is wrong', () => {
    const good = runJobData({ model: 'lenet5', seed: 1 });
    expect(validateJobData(good, runJobId(good.options))).toEqual(good.options);
    const bad: Array<[unknown, string]> = [
      [null, 'expected an object { format, options }, found null'],
      [{ format: 'x', options: {} }, 'expected format "lenet-sweep-job/1", found "x"'],
      [{ ...good, code: 'x' }, 'unexpected fields code'],
      [{ format: JOB_FORMAT, options: [] }, 'options: expected an object, found []'],
      [{ format: JOB_FORMAT, options: { ...good.options, keepModel: true } }, 'options: keepModel not allowed in a job'],
      [{ format: JOB_FORMAT, options: { ...good.options, batchSize: 2.5 } }, 'found 2.5'],
      [{ format: JOB_FORMAT, options: { ...good.options, model: 'lenet6' } }, "found 'lenet6'"],
    ];
    for (const [data, message] of bad) {
      expect(() => validateJobData(data)).toThrow(JobDataError);
      expect(() => validateJobData(data)).toThrow(message);
    }
    expect(() => validateJobData(good, 'run-0')).toThrow(`job id run-0 is not the id of its options (${runJobId(good.options)})`);
  });
});
