// `npm run bench` (sessions part): what a person waits for. Launch time of one session, and re-attach
// time for ten live sessions by a fresh manager (as a reloaded window does), next to the raw cost
// measured in the same run: puppeteer.connect to the same ten browsers. Then a window that opens on
// 1,000 registered sessions, the same ten live and 990 whose browsers are long gone.
import * as path from 'node:path';
import pino from 'pino';
import puppeteer from 'puppeteer-core';
import { LogHub } from '../../src/cdp/logging';
import { SessionRegistry } from '../../src/cdp/registry';
import { SessionManager } from '../../src/cdp/sessionManager';
import { tempStorage } from '../unit/support';
import { runBench } from './runBench';

const SESSIONS = 10;
const REGISTERED = 1000;
const settings = () => ({ logNetwork: false, allowRemoteEndpoints: false });

function manager(storageDir: string) {
  const logs = new LogHub(path.join(storageDir, 'logs'));
  const sessions = new SessionManager({ storageDir, logs, settings });
  return { sessions, dispose: () => (sessions.dispose(), logs.dispose()) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<void> {
  const storage = tempStorage('bc-bench-');
  const first = manager(storage);
  const launches: number[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const start = performance.now();
    await first.sessions.create({ url: 'data:text/html,<title>bench</title><input>' });
    launches.push(performance.now() - start);
  }
  const endpoints = first.sessions.list().map((record) => record.endpoint!.wsEndpoint);
  first.dispose();

  let start = performance.now();
  const raw = await Promise.all(endpoints.map((browserWSEndpoint) => puppeteer.connect({ browserWSEndpoint, defaultViewport: null })));
  const rawConnect = performance.now() - start;
  await Promise.all(raw.map((browser) => browser.disconnect()));

  const second = manager(storage);
  start = performance.now();
  const { adopted } = await second.sessions.adoptExisting();
  const adopt = performance.now() - start;

  const registry = new SessionRegistry(storage, pino({ level: 'silent' }));
  await registry.update((sessions) => {
    for (let i = sessions.size; i < REGISTERED; i++) {
      const id = `gone${i}`;
      sessions.set(id, { id, kind: 'launched', label: id, created: new Date().toISOString(), controller: 'developer', status: 'running', pid: 3_000_000 + i, profileDir: registry.profileDir(id) });
    }
  });
  second.dispose();
  const third = manager(storage);
  start = performance.now();
  const many = await third.sessions.adoptExisting();
  const adoptMany = performance.now() - start;

  console.log('sessions');
  console.log(`  launch one session (spawn to page open), median of ${SESSIONS}: ${ms(median(launches))} (min ${ms(Math.min(...launches))}, max ${ms(Math.max(...launches))})`);
  console.log(`  re-attach ${adopted.length} live sessions from a new manager: ${ms(adopt)}`);
  console.log(`  raw puppeteer.connect to the same ${SESSIONS} browsers: ${ms(rawConnect)}; ratio ${(adopt / rawConnect).toFixed(2)}x`);
  console.log(`  adopt ${REGISTERED} registered sessions (${many.adopted.length} live, ${many.dead.length} dead) from a new manager: ${ms(adoptMany)} (goal: under 2 s)`);
  await Promise.all(many.adopted.map((id) => third.sessions.terminate(id))); // the dead ones are only records
  third.dispose();
}

runBench(main);
