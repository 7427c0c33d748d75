import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { SessionRegistry } from '../../src/cdp/registry';
import { SessionRecord } from '../../src/cdp/types';
import { tempStorage } from './support';

const worker = path.join(__dirname, 'fixtures', 'registryWorker.js');
const storageWorker = path.join(__dirname, 'fixtures', 'storageWorker.js');
const execFileAsync = promisify(execFile);
const silent = pino({ level: 'silent' });

function record(id: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return { id, kind: 'launched', label: id, created: new Date().toISOString(), controller: 'developer', status: 'dead', ...extra };
}

function runWorker(storage: string, prefix: string, count: number) {
  const child = spawn(process.execPath, [worker, storage, prefix, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acked = -1;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    for (const match of chunk.matchAll(/ok (\d+)/g)) {
      acked = Number(match[1]);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, acked: () => acked };
}

describe('session registry', () => {
  it('loses no update when two processes write 500 times each', async () => {
    const storage = tempStorage();
    const a = runWorker(storage, 'a', 500);
    const b = runWorker(storage, 'b', 500);
    assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
    const ids = new Set((await new SessionRegistry(storage, silent).list()).map((r) => r.id));
    assert.equal(ids.size, 1000);
    for (let i = 0; i < 500; i++) {
      assert.ok(ids.has(`a-${i}`) && ids.has(`b-${i}`), `update ${i} missing`);
    }
  });

  it('keeps every landed update when a writer is killed mid-write, and frees its lock', async () => {
    const storage = tempStorage();
    const writer = runWorker(storage, 'k', 100_000);
    while (writer.acked() < 40) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    writer.child.kill('SIGKILL');
    await writer.exited;
    const landed = writer.acked();

    const registry = new SessionRegistry(storage, silent);
    const ids = new Set((await registry.list()).map((r) => r.id));
    for (let i = 0; i <= landed; i++) {
      assert.ok(ids.has(`k-${i}`), `acknowledged update ${i} was lost`);
    }
    // The killed writer may have held the lock: the next writer must still get through.
    await registry.put(record('after-kill'));
    assert.ok(await registry.get('after-kill'));
  });

  it('quarantines a corrupt file and rebuilds the sessions from their folders', async () => {
    const storage = tempStorage();
    const registry = new SessionRegistry(storage, silent);
    const kept = record('abc123', { profileDir: registry.profileDir('abc123'), status: 'running', pid: 4242 });
    await registry.writeIdentity(kept);
    await registry.put(kept);
    await fs.writeFile(registry.filePath, '{"schemaVersion":1,"sessions":{"abc123":{"id":"abc1');

    const sessions = await registry.list();
    assert.deepEqual(sessions.map((r) => [r.id, r.kind, r.label]), [['abc123', 'launched', 'abc123']]);
    const files = await fs.readdir(storage);
    const quarantined = files.filter((f) => f.startsWith('registry.json.corrupt-'));
    assert.equal(quarantined.length, 1, `expected the corrupt file kept aside, found ${files.join(', ')}`);
    assert.match(await fs.readFile(path.join(storage, quarantined[0]), 'utf8'), /"abc1$/);
  });

  it('names the bad field of a registry that parses but is wrong, and still rebuilds', async () => {
    const storage = tempStorage();
    const registry = new SessionRegistry(storage, pino({ level: 'silent' }));
    await registry.writeIdentity(record('x1'));
    await fs.writeFile(registry.filePath, JSON.stringify({ schemaVersion: 1, sessions: { x1: { ...record('x1'), kind: 'mystery' } } }));
    const lines: string[] = [];
    const logged = new SessionRegistry(storage, pino({}, { write: (line: string) => void lines.push(line) }));
    assert.deepEqual((await logged.list()).map((r) => r.id), ['x1']);
    assert.match(lines.join(''), /sessions\.x1\.kind: must be one of launched, attached/);
  });

  it('names a storage folder it may not write, at once, instead of reporting the lock as held', async () => {
    const storage = tempStorage();
    await fs.chmod(storage, 0o755); // readable by everyone, writable by its owner (root) only
    // Another user meets it, as after a sudo run left the folder owned by root (root ignores modes).
    const { stdout } = await execFileAsync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, storageWorker, storage]);
    const result = JSON.parse(stdout) as { ok: boolean; code?: string; userMessage?: string };
    assert.deepEqual([result.ok, result.code], [false, 'STORAGE_NOT_WRITABLE'], result.userMessage);
    assert.equal(result.userMessage, `Browser Canvas cannot write its storage folder ${storage} (permission denied). Give your user write access to that folder (its owner or mode may have changed), then try again.`);
    assert.deepEqual(await fs.readdir(storage), []);
  });

  it('refuses, and leaves byte for byte alone, a registry from a newer version whose fields changed', async () => {
    const storage = tempStorage();
    const registry = new SessionRegistry(storage, silent);
    await registry.writeIdentity(record('old1'));
    // Version 2 as a later release might write it: a status and a field this version does not know.
    const future = JSON.stringify({ schemaVersion: 2, hosts: [], sessions: { n1: { id: 'n1', status: 'sleeping', owner: 'host-1' } } }, null, 3);
    await fs.writeFile(registry.filePath, future);
    const tooNew = (error: unknown) => {
      assert.ok(error instanceof BrowserCanvasError, String(error));
      assert.equal(error.code, 'REGISTRY_TOO_NEW');
      assert.match(error.userMessage, /registry\.json was written by a newer Browser Canvas \(schema 2; this one reads 1\)\. Update Browser Canvas/);
      return true;
    };
    await assert.rejects(registry.list(), tooNew);
    await assert.rejects(registry.put(record('new')), tooNew);
    await assert.rejects(registry.remove('n1'), tooNew);
    assert.equal(await fs.readFile(registry.filePath, 'utf8'), future);
    assert.deepEqual((await fs.readdir(storage)).filter((f) => f.startsWith('registry.json')), ['registry.json'], 'nothing quarantined or left beside it');
  });
});
