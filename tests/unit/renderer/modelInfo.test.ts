import { describe, expect, it } from 'vitest';
import {
  formatMetricValue,
  judgeChange,
  largestStationChanges,
  newestCandidate,
  orderedMetricKeys,
  rollbackTarget,
} from '../../../renderer/src/features/models/modelInfo';
import { model } from './fakeApi';

describe('metrics', () => {
  it('orders known metrics first, then the rest alphabetically', () => {
    expect(orderedMetricKeys({ zeta: 1, p90Coverage: 0.9, mae: 70 }, { alpha: 2 })).toEqual([
      'mae',
      'p90Coverage',
      'alpha',
      'zeta',
    ]);
  });

  it('formats with units and scales', () => {
    expect(formatMetricValue('mae', 64.53)).toBe('64.5 s');
    expect(formatMetricValue('p90Coverage', 0.893)).toBe('89.3 %');
    expect(formatMetricValue('mae', Number.NaN)).toBe('–');
  });

  it('judges each change in the direction that matters', () => {
    expect(judgeChange('mae', 70, 64)).toBe('better');
    expect(judgeChange('within60', 0.5, 0.4)).toBe('worse');
    expect(judgeChange('p90Coverage', 0.8, 0.88)).toBe('better');
    expect(judgeChange('p90Coverage', 0.9, 0.97)).toBe('worse');
    // Inside the policy's 85–95 % band, coverage is no reason to prefer either model.
    expect(judgeChange('p90Coverage', 0.9, 0.909)).toBe('same');
    expect(judgeChange('riskRecall', 0.5, 0.3)).toBe('worse');
    expect(judgeChange('withinTargetBrier', 0.14, 0.24)).toBe('worse');
    expect(judgeChange('count', 1, 2)).toBeNull();
  });
});

describe('which model the menu acts on', () => {
  const demo = model({ id: 'demo', status: 'retired', isDemo: true, createdAt: '2026-01-01T00:00:00Z' });
  const champ = model({
    id: 'champ',
    status: 'champion',
    parentId: 'demo',
    createdAt: '2026-02-01T00:00:00Z',
  });
  const old = model({ id: 'old', status: 'candidate', createdAt: '2026-03-01T00:00:00Z' });
  const fresh = model({ id: 'fresh', status: 'candidate', createdAt: '2026-04-01T00:00:00Z' });

  it('compares and promotes the newest candidate', () => {
    expect(newestCandidate([demo, champ, old, fresh])?.id).toBe('fresh');
    expect(newestCandidate([demo, champ])).toBeNull();
  });

  it('rolls back to the model the core names, never to the champion itself', () => {
    // The champion's parent is the demo model here: the core does not name it, so neither does the screen.
    expect(rollbackTarget([demo, champ, fresh])).toBeNull();
    const older = { ...fresh, id: 'older', status: 'retired' as const, rollbackTarget: true };
    expect(rollbackTarget([demo, champ, fresh, older])?.id).toBe('older');
    expect(rollbackTarget([{ ...champ, rollbackTarget: true }])).toBeNull();
  });
});

describe('largestStationChanges', () => {
  it('sorts by the size of the change, either way', () => {
    const s = (code: string, champion: number, challenger: number) => ({
      code,
      name: code,
      count: 10,
      championMae: champion,
      challengerMae: challenger,
      championBias: 0,
      challengerBias: 0,
    });
    expect(
      largestStationChanges([s('a', 10, 11), s('b', 10, 2), s('c', 10, 15)], 2).map((x) => x.code),
    ).toEqual(['b', 'c']);
  });
});
