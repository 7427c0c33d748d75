import * as assert from 'node:assert/strict';
import type { Page } from 'puppeteer-core';
import { AgentControl } from '../../src/cdp/agent/agentControl';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { Hibernation } from '../../src/cdp/hibernation';
import { LivePages } from '../../src/cdp/livePages';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { processTreeMemory } from '../../src/cdp/processMemory';
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

// A login that sets a persistent cookie, a visit that sets a session cookie, and a page that says which it sees.
const html = (text: string, headers: Record<string, string> = {}) => ({ type: 'text/html', body: Buffer.from(text), headers });
const LOGIN_PAGE = html('<!doctype html><title>Login</title>Welcome', { 'set-cookie': 'login=ada; Max-Age=3600; Path=/' });
const VISIT_PAGE = html('<!doctype html><title>Visit</title>Hello', { 'set-cookie': 'visit=yes; Path=/' });
const ACCOUNT_PAGE = `<!doctype html><title>Account</title><body><script>
  const login = /login=(\\w+)/.exec(document.cookie);
  document.body.textContent = (login ? 'logged in as ' + login[1] : 'not logged in') + '; visit cookie: ' + (document.cookie.includes('visit=yes') ? 'yes' : 'no');
</script>`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hibernation (the awake-session cap)', function () {
  let site: Awaited<ReturnType<typeof startFixtureServer>>;
  let made: ReturnType<typeof makeManager>;
  let storageDir: string;
  const sessions: Array<{ id: string; page: Page }> = [];

  before(async () => {
    site = await startFixtureServer({ '/counting': COUNTING_PAGE, '/hiding': HIDING_PAGE, '/login': LOGIN_PAGE, '/visit': VISIT_PAGE, '/account': ACCOUNT_PAGE });
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

  it('hibernates the least recently used idle session past the cap (its browser closed), never the one the agent holds nor one with unsaved input; its tile keeps its picture, marked; focusing it wakes it at its address', async () => {
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
    const tilesOf = (sessionId: string): TileInfo[] =>
      posted
        .filter((message): message is Extract<HostMessage, { type: 'tiles' }> => message.type === 'tiles')
        .at(-1)
        ?.tiles.filter((tile) => tile.sessionId === sessionId) ?? [];
    try {
      await waitFor(() => pages.list().length === 3, 'three tiles');
      // Used in the order a, b, c: a is the least recent, but the agent holds it; b has a half-filled field.
      for (const session of sessions) {
        hibernation.used(session.id);
        await sleep(20);
      }
      await control.handToAgent(a.id, 'keep working');
      await b.page.type('#name', 'unsaved');
      await c.page.goto(`${site.url}/counting?step=2`);
      const cTileId = pages.list().find((page) => page.sessionId === c.id)!.targetId;
      const cRecord = made.manager.get(c.id)!;

      cap = 2;
      hibernation.enforce();
      await hibernation.settled();

      assert.equal(hibernation.isHibernated(a.id), false, 'the agent holds a');
      assert.equal(hibernation.isHibernated(b.id), false, 'b has unsaved input');
      assert.equal(hibernation.isHibernated(c.id), true, 'c, the only idle session without unsaved input, is hibernated');
      // Its host may linger as a zombie until reaped, which holds no memory.
      assert.equal((await processTreeMemory(cRecord.pid!)) ?? 0, 0, "c's browser and its host hold no memory");
      assert.deepEqual(await processesOfProfile(cRecord.profileDir!), [], "nothing runs c's profile");
      assert.equal(made.manager.get(c.id)!.hibernated!.pages[0].url, `${site.url}/counting?step=2`, 'its address kept');
      assert.equal(await runs(a.page), true);
      // The same tile (so the canvas keeps its last picture), marked.
      await waitFor(() => tilesOf(c.id).length === 1 && tilesOf(c.id)[0].pace === 'hibernated', "c's tile marked hibernated");
      assert.equal(tilesOf(c.id)[0].tileId, cTileId);
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
      cap = 3;

      // The developer focuses c's tile: its browser reopens on its profile, at the address it had, and its tile is live again.
      controller.handle({ type: 'visibleTiles', tiles: [{ tileId: cTileId, width: 640, height: 400, focused: true }], pixelRatio: 1 });
      await waitFor(() => !hibernation.isHibernated(c.id) && made.manager.connection(c.id)?.isConnected, 'c woken', 30_000);
      const live = () => tilesOf(c.id).length === 1 && tilesOf(c.id)[0].pace !== 'hibernated' && tilesOf(c.id)[0].url === `${site.url}/counting?step=2` && tilesOf(c.id)[0];
      const liveTile = await waitFor(live, "c's live tile at its address", 30_000);
      assert.notEqual(liveTile.tileId, cTileId, 'a page of the new browser');
      const replacing = posted.flatMap((message) => (message.type === 'tiles' ? message.tiles : [])).find((tile) => tile.sessionId === c.id && tile.replaces);
      assert.deepEqual([replacing?.tileId, replacing?.replaces], [liveTile.tileId, cTileId], "it takes the kept tile's place (and focus) on the canvas");
      const [woken] = await made.manager.connection(c.id)!.pages();
      sessions[2] = { id: c.id, page: woken };
      controller.handle({ type: 'visibleTiles', tiles: [{ tileId: liveTile.tileId, width: 640, height: 400, focused: true }], pixelRatio: 1 });
      await waitFor(() => runs(woken), 'its page runs, focused');
    } finally {
      hibernation.dispose();
      controller.dispose();
      pages.dispose();
      control.dispose();
    }
  });

  it('frees the memory of a hibernated session and wakes it for an agent action, logged in (persistent and session cookies) at the address it had', async () => {
    const own = makeManager(tempStorage());
    let cap = 0;
    const hibernation = new Hibernation(own.manager, own.logs, { maxAwake: () => cap, keepAwake: () => false });
    const agent = new AgentBrowser(own.manager, own.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
    const memory = new SessionMemory(own.manager, own.logs);
    try {
      const shop = await own.manager.create({ url: `${site.url}/login` });
      const other = await own.manager.create({ url: `${site.url}/counting` });
      const [page] = await own.manager.connection(shop.id)!.pages();
      await page.goto(`${site.url}/visit`);
      await page.goto(`${site.url}/account?tab=orders`);
      assert.equal(await page.evaluate(() => document.body.textContent), 'logged in as ada; visit cookie: yes');
      const { pid, profileDir } = own.manager.get(shop.id)!;
      assert.ok((await processTreeMemory(pid!))! > 20 * 1024 * 1024, 'a browser of memory before');
      hibernation.used(shop.id);
      await sleep(20);
      hibernation.used(other.id);
      await memory.read();
      assert.ok(memory.of(shop.id)! > 0, 'its memory shown while it runs');

      cap = 1;
      hibernation.enforce();
      await hibernation.settled();

      assert.equal(hibernation.isHibernated(shop.id), true);
      assert.equal((await processTreeMemory(pid!)) ?? 0, 0, 'no memory held (its host may linger as a zombie until reaped)');
      assert.equal(memory.of(shop.id), undefined, 'the Sessions view shows no memory for it at once, not the last reading until the next');
      assert.deepEqual(await processesOfProfile(profileDir!), []);

      // The agent, handed the session, acts on it by name: it wakes for the action instead of failing.
      await agent.control.handToAgent(shop.id);
      const shown = await agent.onPage({ sessionId: shop.id, action: 'read_page', what: 'body' }, async (woken) => {
        const { result } = await woken.cdp.send('Runtime.evaluate', { expression: '[location.href, document.body.textContent]', returnByValue: true });
        return result.value as [string, string];
      });
      assert.deepEqual(shown.result, [`${site.url}/account?tab=orders`, 'logged in as ada; visit cookie: yes'], 'its address, logged in, nothing typed; the session cookie kept too');
      assert.equal(hibernation.isHibernated(shop.id), false);
      assert.notEqual(own.manager.get(shop.id)!.pid, pid, 'a new browser, on the same profile');
    } finally {
      memory.dispose();
      agent.dispose();
      hibernation.dispose();
      await own.manager.terminateAll();
      own.dispose();
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

  it('asks before the cap takes a session with unsaved input: kept awake on no and not asked again until used, hibernated on yes', async () => {
    const own = makeManager(tempStorage());
    let cap = 0; // none, until the sessions are set up
    const questions: Array<{ sessionId: string; answer: (accepted: boolean) => void }> = [];
    const askToLoseInput = (sessionId: string) => new Promise<boolean>((answer) => questions.push({ sessionId, answer }));
    const typed = await own.manager.create({ url: `${site.url}/counting` });
    const pinned = await own.manager.create({ url: `${site.url}/counting` });
    const hibernation = new Hibernation(own.manager, own.logs, { maxAwake: () => cap, keepAwake: (id) => id === pinned.id, askToLoseInput });
    try {
      const [page] = await own.manager.connection(typed.id)!.pages();
      await page.type('#name', 'half a sentence');
      cap = 1;
      hibernation.enforce();
      await hibernation.settled();
      assert.deepEqual(questions.map((question) => question.sessionId), [typed.id], 'asked about the one session the cap could take');
      assert.equal(hibernation.isHibernated(typed.id), false, 'not taken while the question is open');
      hibernation.enforce();
      await hibernation.settled();
      assert.equal(questions.length, 1, 'one question open at a time');

      questions[0].answer(false);
      await sleep(50);
      hibernation.enforce();
      await hibernation.settled();
      assert.equal(hibernation.isHibernated(typed.id), false, 'kept awake');
      assert.equal(questions.length, 1, 'the answer stands until the session is used again');
      assert.equal(await page.$eval('#name', (input) => (input as HTMLInputElement).value), 'half a sentence');

      hibernation.used(typed.id); // the developer comes back to it, then leaves it again
      await hibernation.settled();
      assert.deepEqual(questions.map((question) => question.sessionId), [typed.id, typed.id], 'asked again once used again');
      questions[1].answer(true);
      await waitFor(() => hibernation.isHibernated(typed.id), 'hibernated on yes', 30_000);
      assert.equal(hibernation.isHibernated(pinned.id), false);
    } finally {
      hibernation.dispose();
      await own.manager.terminateAll();
      own.dispose();
    }
  });

  it('hibernates a session when the developer asks (confirming first if it has unsaved input), never one the agent holds', async () => {
    const own = makeManager(tempStorage());
    const control = new AgentControl(own.manager);
    const hibernation = new Hibernation(own.manager, own.logs, { maxAwake: () => 0, keepAwake: () => false });
    try {
      const plain = await own.manager.create({ url: `${site.url}/counting` });
      const typed = await own.manager.create({ url: `${site.url}/counting` });
      const confirmations: string[] = [];
      const confirm = (sessionId: string, accepted: boolean) => async () => (confirmations.push(sessionId), accepted);

      await control.handToAgent(plain.id);
      await assert.rejects(hibernation.hibernateNow(plain.id, confirm(plain.id, true)), (error: BrowserCanvasError) => error.code === 'AGENT_HOLDS_SESSION' && /Take it back/.test(error.userMessage));
      assert.equal(hibernation.isHibernated(plain.id), false);
      await control.takeBack(plain.id);
      assert.equal(await hibernation.hibernateNow(plain.id, confirm(plain.id, true)), true);
      assert.equal(hibernation.isHibernated(plain.id), true);
      assert.deepEqual(confirmations, [], 'nothing to lose: not asked');

      const [page] = await own.manager.connection(typed.id)!.pages();
      await page.type('#name', 'half a sentence');
      assert.equal(await hibernation.hibernateNow(typed.id, confirm(typed.id, false)), false);
      assert.equal(hibernation.isHibernated(typed.id), false, 'kept awake when the developer says no');
      assert.equal(await page.$eval('#name', (input) => (input as HTMLInputElement).value), 'half a sentence');
      assert.equal(await hibernation.hibernateNow(typed.id, confirm(typed.id, true)), true);
      assert.equal(hibernation.isHibernated(typed.id), true);
      assert.deepEqual(confirmations, [typed.id, typed.id]);
    } finally {
      control.dispose();
      hibernation.dispose();
      await own.manager.terminateAll();
      own.dispose();
    }
  });

  it('wakes a session hibernated under the keyboard when its tile is pressed again', async () => {
    const own = makeManager(tempStorage());
    const hibernation = new Hibernation(own.manager, own.logs, { maxAwake: () => 0, keepAwake: () => false });
    const pages = new LivePages(own.manager, () => undefined);
    const controller = new CanvasController(pages, own.manager, stubCanvasHost({ isHibernated: (id) => hibernation.isHibernated(id), used: (id) => hibernation.used(id) }));
    try {
      const { id } = await own.manager.create({ url: `${site.url}/counting` });
      const tileId = (await waitFor(() => pages.list()[0], 'its tile')).targetId;
      controller.handle({ type: 'visibleTiles', tiles: [{ tileId, width: 640, height: 400, focused: true }], pixelRatio: 1 });
      assert.equal(await hibernation.hibernateNow(id, async () => true), true); // from the Sessions view, the tile keeping the keyboard
      controller.handle({ type: 'visibleTiles', tiles: [{ tileId, width: 640, height: 400, focused: true }], pixelRatio: 1 }); // nothing new to the canvas
      assert.equal(hibernation.isHibernated(id), true, 'no new focus, no wake');
      controller.handle({ type: 'mouse', tileId, action: 'mousePressed', x: 20, y: 20, button: 'left', buttons: 1, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
      await waitFor(() => !hibernation.isHibernated(id) && own.manager.connection(id)?.isConnected, 'woken by the press', 30_000);
    } finally {
      controller.dispose();
      pages.dispose();
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
