import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../../renderer/src/api';
import { App } from '../../../renderer/src/App';
import { PublicationsPanel } from '../../../renderer/src/features/fleet/PublicationsPanel';
import { ModelsScreen } from '../../../renderer/src/features/models/ModelsScreen';
import { ThemeProvider } from '../../../renderer/src/theme';
import { DEFAULT_SETTINGS, type AboutInfo, type PumpEtaApi, type Settings } from '../../../contract/index.js';
import { fail, fakeApi, fleetStatus, model, ok, publication } from './fakeApi';

function renderApp(api: PumpEtaApi) {
  return render(
    <ThemeProvider>
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    </ThemeProvider>,
  );
}

const FOLDER = '/srv/pump-eta-share';
const follower: Settings = {
  ...DEFAULT_SETTINGS,
  fleet: {
    ...DEFAULT_SETTINGS.fleet,
    role: 'follow',
    folder: FOLDER,
    publicKeyFile: '/keys/officer.pub.pem',
  },
};
const publisher: Settings = {
  ...DEFAULT_SETTINGS,
  fleet: {
    ...DEFAULT_SETTINGS.fleet,
    role: 'publish',
    folder: FOLDER,
    privateKeyFile: '/keys/officer.pem',
    publishOnPromote: true,
  },
};
const published = fleetStatus({
  role: 'follow',
  folder: FOLDER,
  outcome: 'updated',
  lastCheckAt: '2026-12-03T18:21:00Z',
  message: 'Model pub111 is in service.',
  origin: {
    kind: 'published',
    publishedAt: '2026-12-03T18:20:00Z',
    publishedBy: "the data officer's workstation",
  },
});

const aboutInfo: AboutInfo = {
  appVersion: '0.1.0',
  versions: {},
  model: model(),
  databasePath: '/tmp/h.sqlite',
  predictionLogRetentionDays: 90,
  fleet: {
    settings: DEFAULT_SETTINGS,
    settingsFile: '/tmp/settings.json',
    settingsWarning: null,
    status: fleetStatus(),
  },
};

describe('the header', () => {
  it('names where the model in service came from and follows a swap without a reload', async () => {
    let servedId = 'abc123def456';
    const api = fakeApi({
      about: vi.fn(async () => ok({ ...aboutInfo, model: model({ id: servedId }) })),
    });
    renderApp(api);
    const chip = await screen.findByTestId('model-chip');
    await vi.waitFor(() => expect(chip.textContent).toContain('abc123def456 trained here'));

    servedId = 'pub111';
    act(() => api.emitFleet({ type: 'fleet-status', status: published }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('model-chip').textContent).toBe(
        "Model pub111 published 3 Dec 18:20 by the data officer's workstation",
      ),
    );
  });

  it('says in one dismissible sentence that a model was refused, and says it again on the next change', async () => {
    const api = fakeApi();
    renderApp(api);
    await screen.findByTestId('model-chip');
    expect(screen.queryByTestId('fleet-notice')).toBeNull();
    const refused = fleetStatus({
      role: 'follow',
      folder: FOLDER,
      outcome: 'refused',
      lastCheckAt: '2026-12-04T08:00:00Z',
      message:
        'The publication in the shared folder was refused: its model file does not match its manifest.',
    });
    act(() => api.emitFleet({ type: 'fleet-status', status: refused }));
    const notice = await screen.findByTestId('fleet-notice');
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toContain(
      'was refused: its model file does not match its manifest; the last good model keeps answering.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss this notice' }));
    expect(screen.queryByTestId('fleet-notice')).toBeNull();
    act(() => api.emitFleet({ type: 'fleet-status', status: refused }));
    expect(screen.queryByTestId('fleet-notice')).toBeNull();

    act(() =>
      api.emitFleet({
        type: 'fleet-status',
        status: { ...refused, outcome: 'unreachable', message: 'The shared folder cannot be reached.' },
      }),
    );
    expect((await screen.findByTestId('fleet-notice')).textContent).toContain(
      'The shared folder cannot be reached; the last good model keeps answering.',
    );
    act(() => api.emitFleet({ type: 'fleet-status', status: published }));
    expect(screen.queryByTestId('fleet-notice')).toBeNull();
  });
});

describe('the settings dialog', () => {
  it('opens from the menu, disables with a reason what the role does not use, and saves on Enter', async () => {
    const api = fakeApi();
    renderApp(api);
    act(() => api.emitMenu({ type: 'command', command: 'settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    const folder = await within(dialog).findByLabelText('Shared folder');
    expect((folder as HTMLInputElement).disabled).toBe(true);
    expect(within(dialog).getAllByText(/not in a fleet/).length).toBeGreaterThan(0);

    fireEvent.click(within(dialog).getByRole('radio', { name: /Follows the shared folder/ }));
    expect((folder as HTMLInputElement).disabled).toBe(false);
    expect((within(dialog).getByLabelText('Private key file') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(folder, { target: { value: FOLDER } });
    fireEvent.change(within(dialog).getByLabelText("Data officer's public key file"), {
      target: { value: '/keys/officer.pub.pem' },
    });
    fireEvent.submit(folder.closest('form')!);
    await vi.waitFor(() => expect(api.saveSettings).toHaveBeenCalledWith(follower));
    expect(await within(dialog).findByText('Settings saved.')).toBeTruthy();
  });

  it('saves a public key that does not verify the folder, and says so loudly at once', async () => {
    const mismatch =
      "The public key in /keys/officer.pub.pem (key aaaa) does not verify the shared folder's current publication.";
    const api = fakeApi({
      getSettings: vi.fn(async () => ok(follower)),
      saveSettings: vi.fn(async () => ok(follower)),
      fleetStatus: vi.fn(async () =>
        ok(fleetStatus({ role: 'follow', folder: FOLDER, outcome: 'refused', message: mismatch })),
      ),
    });
    renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Save' }));
    const said = await within(dialog).findByTestId('settings-outcome');
    expect(said.textContent).toBe(`Settings saved, but: ${mismatch}`);
    expect(said.closest('.alert')?.className).toMatch(/warning/);
  });

  it("shows main's refusal beside the form in words and keeps what was typed", async () => {
    const api = fakeApi({
      saveSettings: vi.fn(async () =>
        fail(`The shared folder ${FOLDER}/missing does not exist (Settings › Fleet).`),
      ),
    });
    renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    fireEvent.click(await within(dialog).findByRole('radio', { name: /Follows the shared folder/ }));
    fireEvent.change(within(dialog).getByLabelText('Shared folder'), {
      target: { value: `${FOLDER}/missing` },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Not saved');
    expect(alert.textContent).toContain('does not exist');
    expect((within(dialog).getByLabelText('Shared folder') as HTMLInputElement).value).toBe(
      `${FOLDER}/missing`,
    );
  });

  it('refuses a check interval that is not a whole number before asking main', async () => {
    const api = fakeApi({ getSettings: vi.fn(async () => ok(follower)) });
    renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    fireEvent.change(await within(dialog).findByLabelText('Check the folder every (minutes)'), {
      target: { value: 'soon' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('whole number from 1 to 60');
    expect(api.saveSettings).not.toHaveBeenCalled();
  });

  it('checks the folder now on a follower and shows the outcome, the header following', async () => {
    const api = fakeApi({
      getSettings: vi.fn(async () => ok(follower)),
      syncNow: vi.fn(async () => ok(published)),
    });
    renderApp(api);
    act(() => api.emitMenu({ type: 'command', command: 'settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    const check = await within(dialog).findByRole('button', { name: 'Check now' });
    await vi.waitFor(() => expect((check as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(check);
    expect((await within(dialog).findByTestId('settings-outcome')).textContent).toBe(
      'Model pub111 is in service.',
    );
    await vi.waitFor(() =>
      expect(screen.getByTestId('model-origin').textContent).toContain('published 3 Dec 18:20'),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Settings' })).toBeNull();
  });
});

describe('the Publications panel', () => {
  it('says in words when this workstation is not in a fleet', async () => {
    render(
      <ApiProvider api={fakeApi()}>
        <PublicationsPanel status={fleetStatus()} refreshKey={0} onPublished={() => undefined} />
      </ApiProvider>,
    );
    expect(
      await screen.findByText('This workstation is not in a fleet: set a shared folder in Settings.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Publish/ })).toBeNull();
  });

  it('lists the current publication first, then the earlier ones, and what was refused', async () => {
    const current = publication({
      sequence: 2,
      reason: 'manual',
      modelId: 'new222',
      sha256: 'b'.repeat(64),
      publishedAt: '2026-12-03T18:20:00Z',
    });
    const older = publication({
      modelId: 'old111',
      publishedAt: '2026-11-20T09:00:00Z',
      metrics: { mae: 70.2 },
    });
    const api = fakeApi({
      publications: vi.fn(async () =>
        ok({
          folder: FOLDER,
          current,
          history: [current, older],
          problems: ['pump-eta-model-9.json is refused: its signature was made by another key.'],
          otherKey: [],
          keyChange: null,
        }),
      ),
    });
    render(
      <ApiProvider api={api}>
        <PublicationsPanel
          status={published}
          servedModelId="old111"
          refreshKey={0}
          onPublished={() => undefined}
        />
      </ApiProvider>,
    );
    const panel = await screen.findByRole('region', { name: 'Publications' });
    await within(panel).findByText('new222');
    const rows = within(panel).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-model-id'))).toEqual(['new222', 'old111']);
    expect(rows[0]!.textContent).toContain('Current');
    expect(rows[0]!.textContent).toContain(
      "by the data officer's workstation (officer) · by hand · publication 2",
    );
    expect(rows[1]!.textContent).toContain('· on promotion · publication 1');
    expect(rows[0]!.textContent).toContain('66.7');
    expect(rows[1]!.textContent).toContain('70.2');
    expect(rows[1]!.textContent).toContain('In service here');
    expect(rows[0]!.textContent).not.toContain('In service here');
    expect(within(panel).getByTestId('publication-problems').textContent).toContain('made by another key');
  });

  it('publishes by hand on a publisher, after a confirmation naming the folder, and says the result', async () => {
    const api = fakeApi({
      publish: vi.fn(async () => ok(publication({ modelId: 'champ1' }))),
      publications: vi.fn(async () =>
        ok({ folder: FOLDER, current: null, history: [], problems: [], otherKey: [], keyChange: null }),
      ),
    });
    const onPublished = vi.fn();
    render(
      <ApiProvider api={api}>
        <PublicationsPanel
          status={fleetStatus({ role: 'publish', folder: FOLDER, outcome: 'nothing-published', message: '' })}
          refreshKey={0}
          onPublished={onPublished}
        />
      </ApiProvider>,
    );
    expect(await screen.findByText('Nothing has been published in this folder yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Publish the model in service…' }));
    const confirm = await screen.findByRole('dialog', { name: 'Publish the model in service?' });
    expect(confirm.textContent).toContain(FOLDER);
    expect(api.publish).not.toHaveBeenCalled();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Publish' }));
    expect(
      await screen.findByText(
        `Model champ1 was published to ${FOLDER}: following workstations take it at their next check.`,
      ),
    ).toBeTruthy();
    expect(onPublished).toHaveBeenCalled();
  });

  it('says on a publisher what its last publication did, a failure included', async () => {
    const failed = fleetStatus({
      role: 'publish',
      folder: FOLDER,
      outcome: 'unreachable',
      message: `The shared folder ${FOLDER} does not exist or is not reachable: check the path.`,
    });
    const { rerender } = render(
      <ApiProvider api={fakeApi()}>
        <PublicationsPanel status={failed} refreshKey={0} onPublished={() => undefined} />
      </ApiProvider>,
    );
    expect((await screen.findByTestId('publish-status')).textContent).toBe(failed.message);
    rerender(
      <ApiProvider api={fakeApi()}>
        <PublicationsPanel
          status={{ ...failed, role: 'follow' }}
          refreshKey={0}
          onPublished={() => undefined}
        />
      </ApiProvider>,
    );
    expect(screen.queryByTestId('publish-status')).toBeNull();
  });

  it('shows a refused publication in words', async () => {
    const api = fakeApi({
      publish: vi.fn(async () => fail('The private key file /keys/officer.pem cannot be read.')),
    });
    render(
      <ApiProvider api={api}>
        <PublicationsPanel
          status={fleetStatus({ role: 'publish', folder: FOLDER })}
          refreshKey={0}
          onPublished={() => undefined}
        />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Publish the model in service…' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Publish' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not published');
    expect(alert.textContent).toContain('cannot be read');
  });
});

describe('the publishing workstation', () => {
  const BEHIND =
    'The control room follows model pub111 (published 3 Dec 18:20); this workstation serves model champ2: publish it (pump-eta publish) or roll back.';

  it('says when the control room follows another model, under the header and on the Models screen, with a Publish action', async () => {
    const behind = fleetStatus({ role: 'publish', folder: FOLDER, outcome: 'behind', message: BEHIND });
    const api = fakeApi({ publish: vi.fn(async () => ok(publication({ modelId: 'champ2', sequence: 2 }))) });
    const { unmount } = render(
      <ThemeProvider>
        <ApiProvider api={fakeApi({ fleetStatus: vi.fn(async () => ok(behind)) })}>
          <App />
        </ApiProvider>
      </ThemeProvider>,
    );
    // The header's notice is main's sentence as it is: it already says what to do.
    expect((await screen.findByTestId('fleet-notice')).textContent).toContain(BEHIND);
    unmount();

    render(
      <ApiProvider api={api}>
        <PublicationsPanel status={behind} refreshKey={0} onPublished={() => undefined} />
      </ApiProvider>,
    );
    const alert = await screen.findByTestId('fleet-behind');
    expect(alert.textContent).toContain(BEHIND);
    fireEvent.click(within(alert).getByRole('button', { name: 'Publish it…' }));
    const confirm = await screen.findByRole('dialog', { name: 'Publish the model in service?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Publish' }));
    await screen.findByText(/Model champ2 was published to/);
    expect(api.publish).toHaveBeenCalledWith(undefined, {});
  });

  it('names a key change in the confirmation, and only then publishes with the new key', async () => {
    const KEY_CHANGE =
      "The shared folder's current publication (publication 4, model pub111) is signed by key 1111111111111111, not by this workstation's key 2222222222222222 (/keys/new.pem), so workstations given the old public key will refuse what is published now: if this is a deliberate key rotation, confirm it (pump-eta publish --new-key) and give every workstation the new public key (user guide, \"Rotating the key\"); if not, set the private key that signed the folder's publications.";
    const api = fakeApi({
      publish: vi.fn(async () => ok(publication({ modelId: 'champ2', sequence: 5 }))),
      publications: vi.fn(async () =>
        ok({
          folder: FOLDER,
          current: null,
          history: [],
          problems: [KEY_CHANGE],
          otherKey: [],
          keyChange: KEY_CHANGE,
        }),
      ),
    });
    render(
      <ApiProvider api={api}>
        <PublicationsPanel
          status={fleetStatus({ role: 'publish', folder: FOLDER, outcome: 'refused', message: KEY_CHANGE })}
          refreshKey={0}
          onPublished={() => undefined}
        />
      </ApiProvider>,
    );
    await screen.findByTestId('publication-problems');
    fireEvent.click(screen.getByRole('button', { name: 'Publish the model in service…' }));
    const confirm = await screen.findByRole('dialog', { name: 'Publish with a new key?' });
    expect(within(confirm).getByTestId('key-change').textContent).toBe(KEY_CHANGE);
    expect(api.publish).not.toHaveBeenCalled();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Publish with the new key' }));
    await screen.findByText(/Model champ2 was published to/);
    expect(api.publish).toHaveBeenCalledWith(undefined, { newKey: true });
  });

  it('lists publications signed by a previous key as superseded, not among the problems', async () => {
    const current = publication({ modelId: 'new222', sequence: 3, keyFingerprint: 'bbbbbbbbbbbbbbbb' });
    const api = fakeApi({
      publications: vi.fn(async () =>
        ok({
          folder: FOLDER,
          current,
          history: [current],
          problems: [],
          otherKey: [
            {
              sequence: 2,
              modelId: 'old111',
              publishedAt: '2026-11-20T09:00:00Z',
              keyFingerprint: 'aaaaaaaaaaaaaaaa',
              note: 'earlier publication, signed by a previous key',
            },
          ],
          keyChange: null,
        }),
      ),
    });
    render(
      <ApiProvider api={api}>
        <PublicationsPanel status={published} refreshKey={0} onPublished={() => undefined} />
      </ApiProvider>,
    );
    const list = await screen.findByTestId('publication-other-key');
    expect(list.textContent).toContain('Publication 2: model old111');
    expect(list.textContent).toContain(
      'key aaaaaaaaaaaaaaaa — earlier publication, signed by a previous key',
    );
    expect(screen.queryByTestId('publication-problems')).toBeNull();
  });
});

describe('promotion on a publisher', () => {
  it('says the promotion will also be published when publish on every promotion is on', async () => {
    const candidate = model({ id: 'cand', status: 'candidate', createdAt: '2026-12-01T00:00:00Z' });
    const api = fakeApi({
      listModels: vi.fn(async () => ok([model({ id: 'champ' }), candidate])),
      getSettings: vi.fn(async () => ok(publisher)),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen
          active
          jobs={{}}
          onChampionChanged={() => undefined}
          fleet={fleetStatus({ role: 'publish', folder: FOLDER })}
        />
      </ApiProvider>,
    );
    const row = await screen.findByText('cand');
    fireEvent.click(within(row.closest('tr')!).getByRole('button', { name: 'Promote…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Promote model cand?' });
    expect(within(dialog).getByTestId('also-published').textContent).toContain(
      `It will also be published to ${FOLDER}`,
    );
  });

  it('says nothing of publishing when this workstation does not publish', async () => {
    const candidate = model({ id: 'cand', status: 'candidate', createdAt: '2026-12-01T00:00:00Z' });
    const api = fakeApi({ listModels: vi.fn(async () => ok([model({ id: 'champ' }), candidate])) });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} />
      </ApiProvider>,
    );
    const row = await screen.findByText('cand');
    fireEvent.click(within(row.closest('tr')!).getByRole('button', { name: 'Promote…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Promote model cand?' });
    expect(within(dialog).queryByTestId('also-published')).toBeNull();
  });
});

describe('promote and rollback on a follower', () => {
  it('say up front that this workstation follows the control room: disabled with the reason, no dialog', async () => {
    const candidate = model({ id: 'cand', status: 'candidate', createdAt: '2026-12-01T00:00:00Z' });
    const retired = model({ id: 'old', status: 'retired', createdAt: '2026-11-01T00:00:00Z' });
    const api = fakeApi({
      listModels: vi.fn(async () => ok([model({ id: 'champ' }), candidate, retired])),
      getSettings: vi.fn(async () => ok(follower)),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} fleet={published} />
      </ApiProvider>,
    );
    const reason = await screen.findByTestId('models-locked');
    expect(reason.textContent).toBe(
      `This workstation follows the control room's model (${FOLDER}): promote and roll back on the data ` +
        `officer's workstation. To manage models here instead, stop following first (Settings).`,
    );
    const rollback = screen.getByRole('button', { name: 'Rollback…' }) as HTMLButtonElement;
    expect(rollback.disabled).toBe(true);
    expect(rollback.title).toBe(reason.textContent);
    const promote = within((await screen.findByText('cand')).closest('tr')!).getByRole('button', {
      name: 'Promote…',
    }) as HTMLButtonElement;
    expect(promote.disabled).toBe(true);
    const back = within(screen.getByText('old').closest('tr')!).getByRole('button', {
      name: 'Roll back to this…',
    }) as HTMLButtonElement;
    expect(back.disabled).toBe(true);
    // The menu's Rollback… and Promote… say the same instead of asking to confirm.
    act(() => api.emitMenu({ type: 'command', command: 'rollback' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'This workstation follows the control room',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    act(() => api.emitMenu({ type: 'command', command: 'promote' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.rollback).not.toHaveBeenCalled();
    expect(api.promote).not.toHaveBeenCalled();
  });

  it('a workstation that does not follow still confirms a rollback in a dialog', async () => {
    const api = fakeApi({
      listModels: vi.fn(async () =>
        ok([model({ id: 'champ' }), model({ id: 'old', status: 'retired', rollbackTarget: true })]),
      ),
    });
    render(
      <ApiProvider api={api}>
        <ModelsScreen active jobs={{}} onChampionChanged={() => undefined} />
      </ApiProvider>,
    );
    await screen.findByText('old');
    expect(screen.queryByTestId('models-locked')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Rollback…' }));
    expect(await screen.findByRole('dialog', { name: /Roll back to/ })).toBeTruthy();
  });
});

describe('About', () => {
  it('shows the fleet settings, the key fingerprint, the last check and the retention', async () => {
    const status = { ...published, keyFingerprint: '0123456789abcdef' };
    const api = fakeApi({
      about: vi.fn(async () =>
        ok({
          ...aboutInfo,
          fleet: {
            settings: { ...follower, retentionDays: 30 },
            settingsFile: '/data/settings.json',
            settingsWarning: null,
            status,
          },
        }),
      ),
      fleetStatus: vi.fn(async () => ok(status)),
    });
    renderApp(api);
    fireEvent.click(screen.getByRole('button', { name: 'About' }));
    const fleet = await screen.findByRole('region', { name: 'Fleet' });
    await within(fleet).findByText('Follows the shared folder');
    expect(fleet.textContent).toContain(FOLDER);
    expect(fleet.textContent).toContain('0123456789abcdef');
    expect(fleet.textContent).toContain('every 5 min');
    expect(fleet.textContent).toContain('Model pub111 is in service.');
    expect(fleet.textContent).toContain('places kept for 30 days');
    expect(fleet.textContent).toContain('/data/settings.json');
  });
});
