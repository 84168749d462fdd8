import { describe, expect, it } from 'vitest';
import { jobReporter } from '../../../main/core/app/jobs.js';
import type { JobEvent } from '../../../contract/index.js';

const progress: JobEvent = {
  type: 'progress',
  jobId: 'j',
  kind: 'training',
  phase: 'point',
  done: 1,
  total: 2,
};
const done: JobEvent = { type: 'done', jobId: 'j', kind: 'import', result: { files: [] } };
const error: JobEvent = { type: 'error', jobId: 'j', kind: 'import', message: 'Disk full' };

describe('jobReporter', () => {
  it('passes events on until the first ending, then nothing', () => {
    const heard: JobEvent[] = [];
    const report = jobReporter((e) => heard.push(e));
    report(progress);
    report(done);
    report(error);
    report(progress);
    expect(heard).toEqual([progress, done]);
  });

  it('keeps a listener that fails on done from adding an error after it', () => {
    const heard: JobEvent[] = [];
    const report = jobReporter((e) => {
      heard.push(e);
      if (e.type === 'done') throw new Error('window closed');
    });
    expect(() => report(done)).toThrow('window closed');
    report(error);
    expect(heard).toEqual([done]);
  });
});
