import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import pino from 'pino';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { SessionRegistry } from '../../src/cdp/registry';
import { SessionChange, SessionView } from '../../src/cdp/sessionView';
import { SessionRecord } from '../../src/cdp/types';
import { tempStorage } from './support';

const silent = pino({ level: 'silent' });

function launched(id: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return { id, kind: 'launched', label: id, created: `2026-01-01T00:00:0${id.length}.000Z`, controller: 'developer', status: 'running', pid: 4242, ...extra };
}

/**
 * One window's view on a storage folder, and another window writing the same registry file. The
 * sessions this window holds connected are the ids in `connected`.
 */
function twoWindows() {
  const storage = tempStorage();
  const connected = new Set<string>();
  const view = new SessionView(new SessionRegistry(storage, silent), silent, (id) => connected.has(id));
  const changes: string[] = [];
  view.onDidChange(({ kind, id }: SessionChange) => changes.push(`${kind} ${id}`));
  const otherWindow = new SessionRegistry(storage, silent);
  return { storage, view, changes, connected, otherWindow, registryFile: otherWindow.filePath };
}

describe('session view', () => {
  it('does not announce its own writes when a re-read brings them back', async () => {
    const { view, changes } = twoWindows();
    await view.add(launched('a1', { labelPinned: true }));
    await view.save('a1', { controller: 'agent', agentClient: 'mcp:claude-code' });
    // Cleared fields are no fields in the file: the re-read must not count them as a difference.
    await view.save('a1', { labelPinned: undefined, agentClient: undefined });
    assert.deepEqual(changes, ['added a1', 'changed a1', 'changed a1']);

    assert.deepEqual(await view.refresh(), [], 'nothing removed');
    assert.deepEqual(changes, ['added a1', 'changed a1', 'changed a1'], 'a re-read of our own writes tells no one');
    assert.deepEqual(view.get('a1'), { ...launched('a1'), controller: 'agent' });
  });

  it('announces a record another window changed once, with the change, and not a rewrite that changed nothing', async () => {
    const { view, changes, otherWindow, registryFile } = twoWindows();
    await view.add(launched('a1'));
    await view.add(launched('b22'));
    changes.length = 0;

    await otherWindow.patch('a1', { label: 'Renamed elsewhere', labelPinned: true });
    await view.refresh();
    await view.refresh();
    assert.deepEqual(changes, ['changed a1'], 'one change for one write, however often it is read');
    assert.deepEqual(view.get('a1'), { ...launched('a1'), label: 'Renamed elsewhere', labelPinned: true });

    // Another writer (another version, or a person) may lay the same records out differently.
    const file = JSON.parse(await fs.readFile(registryFile, 'utf8')) as { schemaVersion: number; sessions: Record<string, SessionRecord> };
    const reordered = Object.fromEntries(Object.entries(file.sessions).reverse().map(([id, record]) => [id, Object.fromEntries(Object.entries(record).reverse())]));
    await fs.writeFile(registryFile, JSON.stringify({ sessions: reordered, schemaVersion: file.schemaVersion }));
    await view.refresh();
    assert.deepEqual(changes, ['changed a1'], 'the same records in another order are no change');
  });

  it('announces sessions another window added and removed, and never brings a removed one back', async () => {
    const { view, changes, otherWindow } = twoWindows();
    await view.add(launched('a1'));
    changes.length = 0;

    await otherWindow.put(launched('b22'));
    await otherWindow.remove('a1');
    assert.deepEqual(await view.refresh(), ['a1'], 'the ids removed elsewhere, for their connections to be dropped');
    assert.deepEqual(changes, ['removed a1', 'added b22']);
    assert.deepEqual(view.list().map((record) => record.id), ['b22']);

    // This window, not yet aware, updates a session the other window has just removed.
    await otherWindow.remove('b22');
    const saved = await view.save('b22', { label: 'late rename' });
    assert.equal(saved.label, 'late rename', 'the caller still learns what it asked for');
    assert.equal(view.get('b22'), undefined);
    assert.deepEqual(await otherWindow.list(), [], 'an update never writes a removed session back');
    assert.deepEqual(changes, ['removed a1', 'added b22', 'removed b22']);
  });

  it('keeps a session it holds live through a registry rebuilt from corrupt bytes, and tells no one it changed', async () => {
    const { storage, view, changes, connected, otherWindow, registryFile } = twoWindows();
    const held = launched('a1', { controller: 'agent', profileDir: otherWindow.profileDir('a1'), endpoint: { wsEndpoint: 'ws://127.0.0.1:9/devtools/browser/x' } });
    const notHeld = launched('b22', { profileDir: otherWindow.profileDir('b22') });
    for (const record of [held, notHeld]) {
      await otherWindow.writeIdentity(record);
      await view.add(record);
    }
    connected.add('a1');
    changes.length = 0;

    await fs.writeFile(registryFile, '{"schemaVersion":1,"sessions":{"a1":{"id":"a'); // a crash mid-write
    await view.refresh();
    assert.ok((await fs.readdir(storage)).some((file) => file.startsWith('registry.json.corrupt-')), 'the corrupt bytes are kept aside');
    assert.deepEqual(view.get('a1'), held, 'live, held by the agent, on its pid and endpoint, as before');
    assert.deepEqual(changes, ['changed b22'], 'only the session nobody here holds shows the rebuild\'s guess');
    assert.deepEqual([view.get('b22')!.status, view.get('b22')!.rebuilt], ['dead', true]);
    const stored = (await otherWindow.get('a1'))!;
    assert.deepEqual([stored.status, stored.controller, stored.pid, stored.rebuilt], ['running', 'agent', 4242, undefined], 'corrected in the file, for the other windows');
  });

  it('refuses a registry from a newer version with a clear error, and keeps showing what it had', async () => {
    const { view, changes, registryFile } = twoWindows();
    await view.add(launched('a1'));
    changes.length = 0;
    const future = JSON.stringify({ schemaVersion: 2, sessions: { n1: { id: 'n1', status: 'sleeping' } } });
    await fs.writeFile(registryFile, future);

    await assert.rejects(view.refresh(), (error: unknown) => {
      assert.ok(error instanceof BrowserCanvasError, String(error));
      assert.equal(error.code, 'REGISTRY_TOO_NEW');
      assert.match(error.userMessage, /written by a newer Browser Canvas \(schema 2; this one reads 1\)\. Update Browser Canvas/);
      return true;
    });
    assert.deepEqual(view.list(), [launched('a1')], 'this window still shows its session');
    assert.deepEqual(changes, []);
    assert.equal(await fs.readFile(registryFile, 'utf8'), future, 'the newer file is left exactly as it was');
  });

  it('marks lost sessions, except one another window started again meanwhile', async () => {
    const { view, changes, otherWindow } = twoWindows();
    await view.add(launched('a1'));
    await view.add(launched('b22', { kind: 'attached', status: 'attached', pid: undefined }));
    await view.add(launched('c333'));
    const probed = view.list();
    await otherWindow.patch('c333', { pid: 5353 }); // restarted elsewhere after we looked
    changes.length = 0;

    await view.markLost(probed);
    assert.deepEqual(view.list().map((record) => [record.id, record.status, record.pid]), [['a1', 'dead', 4242], ['b22', 'unreachable', undefined], ['c333', 'running', 5353]]);
    assert.deepEqual(changes, ['changed a1', 'changed b22', 'changed c333']);
    assert.deepEqual((await otherWindow.list()).map((record) => record.status), ['dead', 'unreachable', 'running']);
  });
});
