import * as assert from 'node:assert/strict';
import type { Page } from 'puppeteer-core';
import { AgentControl } from '../../src/cdp/agent/agentControl';
import { Hibernation } from '../../src/cdp/hibernation';
import { LivePages } from '../../src/cdp/livePages';
import { processesOfProfile, processTree } from '../../src/cdp/processes';
import { SessionMemory } from '../../src/cdp/sessionMemory';
import { CanvasController } from '../../src/canvasHost/canvasController';
import type { HostMessage, TileInfo } from '../../src/contract/protocol';
import { stubCanvasHost } from '../support/canvasHost';
import { makeManager, readLogLines, startFixtureServer, tempStorage, waitFor } from './support';

// A timer that counts, and a field to fill.
const COUNTING_PAGE = `<!doctype html><title>Counting</title><input id="name"><script>window.count = 0; setInterval(() => count++, 30);</script>`;

// A page whose script hides what is typed from reads in its own world: its fields always say they hold what they loaded with.
const HIDING_PAGE = `<!doctype html><title>Hiding</title><input id="name"><script>
  const real = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  Object.defineProperty(HTMLInputElement.prototype, 'value', { get() { return this.defaultValue; }, set: real.set, configurable: true });
</script>`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hibernation (the awake-session cap)', function () {
  let site: Awaited<ReturnType<typeof startFixtureServer>>;
  let made: ReturnType<typeof makeManager>;
  let storageDir: string;
  const sessions: Array<{ id: string; page: Page }> = [];

  before(async () => {
    site = await startFixtureServer({ '/counting': COUNTING_PAGE, '/hiding': HIDING_PAGE });
    storageDir = tempStorage();
    made = makeManager(storageDir);
    for (let i = 0; i < 3; i++) {
      const { id } = await made.manager.create({ url: `${site.url}/counting` });
      const [page] = await made.manager.connection(id)!.pages();
      sessions.push({ id, page });
    }
  });
  after(async () => {
    await made.manager.terminateAll();
    made.dispose();
    await site.close();
  });

  /** The page's timer runs: two reads apart differ. */
  const runs = async (page: Page) => {
    const first = await page.evaluate(() => (window as unknown as { count: number }).count);
    await sleep(300);
    return (await page.evaluate(() => (window as unknown as { count: number }).count)) !== first;
  };

  it('hibernates the least recently used idle session past the cap, never the one the agent holds nor one with unsaved input; the tile says so; focusing it wakes it with its state', async () => {
    const [a, b, c] = sessions;
    const control = new AgentControl(made.manager);
    let cap = 0; // none, until the sessions are set up
    const hibernation = new Hibernation(made.manager, made.logs, { maxAwake: () => cap, keepAwake: () => false });
    const posted: HostMessage[] = [];
    const pages = new LivePages(made.manager, () => undefined);
    const controller = new CanvasController(
      pages,
      made.manager,
      stubCanvasHost({ post: (message) => posted.push(message), isHibernated: (id) => hibernation.isHibernated(id), used: (id) => hibernation.used(id) }),
    );
    hibernation.onDidChange(() => controller.policyChanged());
    const tileOf = (sessionId: string): TileInfo | undefined =>
      posted
        .filter((message): message is Extract<HostMessage, { type: 'tiles' }> => message.type === 'tiles')
        .at(-1)
        ?.tiles.find((tile) => tile.sessionId === sessionId);
    try {
      await waitFor(() => pages.list().length === 3, 'three tiles');
      // Used in the order a, b, c: a is the least recent, but the agent holds it; b has a half-filled field.
      for (const session of sessions) {
        hibernation.used(session.id);
        await sleep(20);
      }
      await control.handToAgent(a.id, 'keep working');
      await b.page.type('#name', 'unsaved');
      await c.page.evaluate(() => (document.cookie = 'login=ada'));

      cap = 2;
      hibernation.enforce();
      await hibernation.settled();

      assert.equal(hibernation.isHibernated(a.id), false, 'the agent holds a');
      assert.equal(hibernation.isHibernated(b.id), false, 'b has unsaved input');
      assert.equal(hibernation.isHibernated(c.id), true, 'c, the only idle session without unsaved input, is hibernated');
      // Frozen once idle: a page woken by a command (the canvas reading its size as it opened) runs 5 s more.
      await waitFor(async () => !(await runs(c.page)), "c's page frozen", 15_000);
      assert.equal(await runs(a.page), true);
      await waitFor(() => tileOf(c.id)?.pace === 'hibernated', "c's tile marked hibernated");
      const log = await readLogLines(made.logs.sessionLogPath(b.id));
      assert.ok(log.some((line) => line.event === 'hibernationSkipped'), 'the skip is logged');

      // One over the cap with only b to take: each round reads b's pages again; a rename is no reason for one.
      cap = 1;
      hibernation.enforce();
      await hibernation.settled();
      const askedB = async () => (await readLogLines(made.logs.sessionLogPath(b.id))).filter((line) => line.event === 'hibernationSkipped').length;
      const asked = await askedB();
      await made.manager.rename(b.id, 'Renamed');
      await hibernation.settled();
      assert.equal(await askedB(), asked, "a rename does not read b's pages again");
      cap = 2;

      // The developer focuses c's tile: it wakes where it was, and b (now least recently used, still unsaved) stays awake.
      const cTile = pages.list().find((page) => page.sessionId === c.id)!;
      controller.handle({ type: 'visibleTiles', tiles: [{ tileId: cTile.targetId, width: 640, height: 400, focused: true }], pixelRatio: 1 });
      await waitFor(() => !hibernation.isHibernated(c.id), 'c woken');
      await waitFor(() => runs(c.page), "c's page running again");
      assert.equal(await c.page.evaluate(() => document.cookie), 'login=ada', 'its login kept');
      await waitFor(() => tileOf(c.id) !== undefined && tileOf(c.id)!.pace === undefined, "c's mark gone");
    } finally {
      hibernation.dispose();
      controller.dispose();
      pages.dispose();
      control.dispose();
    }
  });

  it('keeps awake a session whose page hides its typed input from its own world (asked in ours)', async () => {
    const own = makeManager(tempStorage());
    let cap = 0; // none, until the sessions are set up
    const hibernation = new Hibernation(own.manager, own.logs, { maxAwake: () => cap, keepAwake: () => false });
    try {
      const hiding = await own.manager.create({ url: `${site.url}/hiding` });
      const plain = await own.manager.create({ url: `${site.url}/counting` });
      const [hidingPage] = await own.manager.connection(hiding.id)!.pages();
      await hidingPage.type('#name', 'unsaved');
      assert.equal(await hidingPage.evaluate(() => document.querySelector('input')!.value), '', 'the page hides it from its own world');
      hibernation.used(hiding.id);
      await sleep(20);
      hibernation.used(plain.id);
      cap = 1;
      hibernation.enforce();
      await hibernation.settled();

      assert.equal(hibernation.isHibernated(hiding.id), false, 'the least recently used, but its typed text would be lost');
      assert.equal(hibernation.isHibernated(plain.id), true, 'the next one is taken instead');
    } finally {
      hibernation.dispose();
      await own.manager.terminateAll();
      own.dispose();
    }
  });

  it("reads each session's memory (its browser's process tree) and logs it", async () => {
    const memory = new SessionMemory(made.manager, made.logs);
    try {
      await memory.read();
      for (const { id } of sessions) {
        const bytes = memory.of(id);
        assert.ok(bytes !== undefined && bytes > 20 * 1024 * 1024, `session ${id}: ${bytes} bytes, a browser's worth`);
        const log = await readLogLines(made.logs.sessionLogPath(id));
        assert.ok(log.some((line) => line.event === 'memory' && line.bytes === bytes), 'logged');
        // What is measured is the whole browser: every process that names the session's profile.
        const record = made.manager.get(id)!;
        const tree = await processTree(record.pid!);
        const missing = (await processesOfProfile(record.profileDir!)).filter((pid) => !tree.includes(pid));
        assert.deepEqual(missing, [], "processes of the profile outside the host's tree");
      }
    } finally {
      memory.dispose();
    }
  });
});
