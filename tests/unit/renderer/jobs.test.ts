import { describe, expect, it } from 'vitest';
import { fraction, jobsReducer, MAX_LOG_LINES, type JobsState } from '../../../renderer/src/hooks/jobs';
import type { JobEvent, ModelSummary } from '../../../contract/index.js';

const model: ModelSummary = {
  id: 'abc123def456',
  status: 'candidate',
  isDemo: false,
  createdAt: '2026-12-01T10:00:00.000Z',
  createdBy: 'tester',
  parentId: null,
  trainedFrom: null,
  trainedTo: null,
  rows: 10,
  metrics: { mae: 60 },
  forcedPromotion: false,
  rollbackTarget: false,
};

const run = (events: JobEvent[], state: JobsState = {}) => events.reduce(jobsReducer, state);

describe('jobsReducer', () => {
  it('keeps one progress entry per imported file, in first-seen order', () => {
    const state = run([
      {
        type: 'progress',
        jobId: 'j',
        kind: 'import',
        phase: 'reading',
        done: 10,
        total: 100,
        file: 'a.csv',
        rows: 10,
      },
      {
        type: 'progress',
        jobId: 'j',
        kind: 'import',
        phase: 'reading',
        done: 5,
        total: 50,
        file: 'b.xlsx',
        rows: 5,
      },
      {
        type: 'progress',
        jobId: 'j',
        kind: 'import',
        phase: 'committing',
        done: 100,
        total: 100,
        file: 'a.csv',
        rows: 100,
      },
    ]);
    expect(state.j?.progress.map((p) => [p.key, p.phase, p.done])).toEqual([
      ['a.csv', 'committing', 100],
      ['b.xlsx', 'reading', 5],
    ]);
    expect(state.j?.status).toBe('running');
  });

  it('keys import bars by the file and keeps its row count; training loss comes from its own field', () => {
    const state = run([
      {
        type: 'progress',
        jobId: 'j',
        kind: 'import',
        phase: 'reading',
        done: 1,
        total: 9,
        file: 'a.csv',
        rows: 1000,
      },
      {
        type: 'progress',
        jobId: 'j',
        kind: 'import',
        phase: 'reading',
        done: 2,
        total: 9,
        file: 'a.csv',
        rows: 2000,
      },
      { type: 'progress', jobId: 't', kind: 'training', phase: 'point', done: 4, total: 100 },
      {
        type: 'progress',
        jobId: 't',
        kind: 'training',
        phase: 'point',
        done: 5,
        total: 100,
        validationLoss: 81.5,
      },
    ]);
    expect(state.j?.progress.map((p) => [p.key, p.done, p.rows])).toEqual([['a.csv', 2, 2000]]);
    expect(state.t?.progress.map((p) => [p.key, p.done])).toEqual([['run', 5]]);
    expect(state.t?.losses).toEqual([{ done: 5, loss: 81.5 }]);
  });

  it('starts a new loss curve when training moves on to the next model', () => {
    const state = run([
      {
        type: 'progress',
        jobId: 't',
        kind: 'training',
        phase: 'point',
        done: 1,
        total: 2,
        validationLoss: 90,
      },
      {
        type: 'progress',
        jobId: 't',
        kind: 'training',
        phase: 'upper',
        done: 1,
        total: 2,
        validationLoss: 30,
      },
    ]);
    expect(state.t?.losses).toEqual([{ done: 1, loss: 30 }]);
  });

  it('keeps a single entry for a training run and records its validation losses', () => {
    const state = run([
      {
        type: 'progress',
        jobId: 't',
        kind: 'training',
        phase: 'point',
        done: 1,
        total: 200,
        validationLoss: 90,
      },
      {
        type: 'progress',
        jobId: 't',
        kind: 'training',
        phase: 'point',
        done: 2,
        total: 200,
        validationLoss: 85,
      },
      {
        type: 'progress',
        jobId: 't',
        kind: 'training',
        phase: 'point',
        done: 3,
        total: 200,
        validationLoss: Number.NaN,
      },
    ]);
    expect(state.t?.progress).toHaveLength(1);
    expect(state.t?.progress[0]?.done).toBe(3);
    expect(state.t?.losses).toEqual([
      { done: 1, loss: 90 },
      { done: 2, loss: 85 },
    ]);
  });

  it('records the outcome: result on done, message on error', () => {
    const done = run([{ type: 'done', jobId: 'a', kind: 'import', result: { files: [] } }]);
    expect(done.a).toMatchObject({ status: 'done', result: { files: [] }, error: null });
    const trained = run([{ type: 'done', jobId: 'm', kind: 'training', result: model }]);
    expect(trained.m).toMatchObject({ kind: 'training', status: 'done', result: { id: 'abc123def456' } });
    const line =
      'Weather: 8,123 training rows of 10,000 (81 %) had weather data; the trees split on it 19 times (rain 12, temperature 7).';
    const withWeather = run([{ type: 'done', jobId: 'w', kind: 'training', result: model, weather: line }]);
    expect(withWeather.w).toMatchObject({ kind: 'training', status: 'done', weather: line });
    const failed = run([
      { type: 'error', jobId: 'b', kind: 'training', message: 'No rows to train on: import data first.' },
    ]);
    expect(failed.b).toMatchObject({ status: 'error', error: 'No rows to train on: import data first.' });
  });

  it('bounds the log', () => {
    const events: JobEvent[] = Array.from({ length: MAX_LOG_LINES + 5 }, (_, i) => ({
      type: 'log',
      jobId: 'l',
      kind: 'import',
      message: `line ${i}`,
    }));
    const state = run(events);
    expect(state.l?.logs).toHaveLength(MAX_LOG_LINES);
    expect(state.l?.logs.at(-1)).toBe(`line ${MAX_LOG_LINES + 4}`);
  });

  it('leaves other jobs untouched', () => {
    const before = run([{ type: 'log', jobId: 'x', kind: 'import', message: 'hi' }]);
    const after = jobsReducer(before, { type: 'log', jobId: 'y', kind: 'import', message: 'there' });
    expect(after.x).toBe(before.x);
  });
});

describe('fraction', () => {
  it('is null until the total is known and clamped to 0..1', () => {
    expect(fraction({ done: 3, total: 0 })).toBeNull();
    expect(fraction({ done: 5, total: 10 })).toBe(0.5);
    expect(fraction({ done: 12, total: 10 })).toBe(1);
  });
});

describe('jobsReducer endings', () => {
  it('keeps the first ending of a job: a late event cannot turn done into error', () => {
    const state = run([
      { type: 'done', jobId: 'a', kind: 'import', result: { files: [] } },
      { type: 'error', jobId: 'a', kind: 'import', message: 'late' },
    ]);
    expect(state.a).toMatchObject({ status: 'done', error: null });
  });
});
