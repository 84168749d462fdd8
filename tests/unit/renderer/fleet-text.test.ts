import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../contract/index.js';
import { formatShortDateTime } from '../../../renderer/src/format';
import { noticeSentence, originLine, statusKey } from '../../../renderer/src/features/fleet/fleetText';
import { draftOf, settingsOf, unusedReason } from '../../../renderer/src/features/fleet/settingsForm';
import { fleetStatus } from './fakeApi';

describe('fleet words', () => {
  it('reads a publication time as London wall-clock, GMT and BST alike', () => {
    expect(formatShortDateTime('2026-12-03T18:20:00Z')).toBe('3 Dec 18:20');
    expect(formatShortDateTime('2026-07-03T18:20:00Z')).toBe('3 Jul 19:20');
    expect(formatShortDateTime(null)).toBe('–');
    expect(formatShortDateTime('not a time')).toBe('not a time');
  });

  it("names the model's origin: published (when, by whom), trained here, or the demo model", () => {
    expect(
      originLine(
        {
          kind: 'published',
          publishedAt: '2026-12-03T18:20:00Z',
          publishedBy: "the data officer's workstation",
        },
        false,
      ),
    ).toBe("published 3 Dec 18:20 by the data officer's workstation");
    expect(originLine({ kind: 'local' }, false)).toBe('trained here');
    expect(originLine({ kind: 'local' }, true)).toBe('demo model');
  });

  it('makes the notice one sentence that says the last good model keeps answering', () => {
    const refused = fleetStatus({
      outcome: 'refused',
      message: 'The publication 3f2a1c in the shared folder was refused: its signature does not match.',
    });
    const sentence = noticeSentence(refused);
    expect(sentence).toBe(
      'The publication 3f2a1c in the shared folder was refused: its signature does not match; the last good model keeps answering.',
    );
    expect(sentence.match(/\.(\s|$)/g)).toHaveLength(1);
    // Main's own words, in two sentences, become one: what happened; which model stays in service.
    const mains = fleetStatus({
      outcome: 'refused',
      message:
        "Publication 2 (model 9e8d7c6b5a40) is refused: the model file does not match the manifest. Model 3f2a1c9b0d4e (published 3 Dec 18:20 by the data officer's workstation) stays in service.",
    });
    expect(noticeSentence(mains)).toBe(
      "Publication 2 (model 9e8d7c6b5a40) is refused: the model file does not match the manifest; model 3f2a1c9b0d4e (published 3 Dec 18:20 by the data officer's workstation) stays in service.",
    );
    const unreachable = fleetStatus({
      outcome: 'unreachable',
      message:
        'The shared folder /srv/share cannot be reached (EACCES). Check the path. LFB model abc stays in service.',
    });
    expect(noticeSentence(unreachable)).toBe(
      'The shared folder /srv/share cannot be reached (EACCES); check the path; LFB model abc stays in service.',
    );
    expect(noticeSentence(fleetStatus({ outcome: 'unreachable', message: '' }))).toBe(
      'The last good model keeps answering.',
    );
    // A fresh follower on the demo model: main says the demo model answers; no "last good model" is added.
    const demo = fleetStatus({
      outcome: 'refused',
      message:
        "The control room's model could not be verified. Publication 1 (model 9e8d7c6b5a40) is refused: its model file was altered. Until the data officer publishes the model again, answers on this workstation come from the demonstration model, trained on synthetic data, not on LFB records.",
    });
    expect(noticeSentence(demo)).toBe(
      "The control room's model could not be verified; publication 1 (model 9e8d7c6b5a40) is refused: its model file was altered; until the data officer publishes the model again, answers on this workstation come from the demonstration model, trained on synthetic data, not on LFB records.",
    );
    expect(statusKey(refused)).not.toBe(statusKey({ ...refused, lastCheckAt: '2026-12-04T08:00:00Z' }));
  });
});

describe('settings form', () => {
  it('round-trips the saved settings, empty paths becoming none', () => {
    expect(settingsOf(draftOf(DEFAULT_SETTINGS))).toEqual({ settings: DEFAULT_SETTINGS });
    const draft = { ...draftOf(DEFAULT_SETTINGS), role: 'follow' as const, folder: '  /srv/share  ' };
    const parsed = settingsOf(draft);
    expect('settings' in parsed && parsed.settings.fleet.folder).toBe('/srv/share');
  });

  it('says in words what to correct in a number or the publisher name', () => {
    const draft = draftOf(DEFAULT_SETTINGS);
    expect(settingsOf({ ...draft, checkMinutes: '2.5' })).toEqual({
      error: 'The check interval (minutes) must be a whole number from 1 to 60.',
    });
    expect(settingsOf({ ...draft, retentionDays: '' })).toEqual({
      error: 'The retention (days) must be a whole number from 1 to 3650.',
    });
    expect(settingsOf({ ...draft, publisherName: ' ' })).toHaveProperty('error');
  });

  it('disables, with a reason, what the role does not use', () => {
    expect(unusedReason('off', 'folder')).toMatch(/not in a fleet/);
    expect(unusedReason('follow', 'folder')).toBeNull();
    expect(unusedReason('follow', 'publicKeyFile')).toBeNull();
    expect(unusedReason('follow', 'privateKeyFile')).toMatch(/publishing workstation/);
    expect(unusedReason('follow', 'publishOnPromote')).toMatch(/publishing workstation/);
    expect(unusedReason('publish', 'privateKeyFile')).toBeNull();
    expect(unusedReason('publish', 'checkMinutes')).toMatch(/following workstation/);
    expect(unusedReason('publish', 'publicKeyFile')).toMatch(/following workstation/);
  });
});
