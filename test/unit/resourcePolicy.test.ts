import * as assert from 'node:assert/strict';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import { LivePages } from '../../src/cdp/livePages';
import { CanvasController, CanvasHost } from '../../src/canvasHost/canvasController';
import type { HostMessage, TileInfo } from '../../src/contract/protocol';
import { FullSpeedSessions } from '../../src/extension/canvas/fullSpeedSessions';
import { DONE_PAGE, SIGNUP_PAGE } from '../support/agentFixtures';
import { stubCanvasHost } from '../support/canvasHost';
import { recordFlow, replayInNewWindow } from '../support/flowRuns';
import { sessionOnPage, waitFor } from './support';

// A timer that counts, a field to fill, and a button whose press shows only after a timer of its own.
const COUNTING_PAGE = `<!doctype html><title>Counting</title><input id="name" style="position:absolute;left:10px;top:10px">
<button id="press" style="position:absolute;left:10px;top:60px;width:200px;height:40px">Press</button><p id="pressed" style="margin-top:120px">none</p>
<script>window.count = 0; setInterval(() => { count++; document.body.style.background = count % 2 ? '#c00000' : '#0000c0'; }, 30);
document.getElementById('press').onclick = () => setTimeout(() => document.getElementById('pressed').textContent = 'pressed', 50);</script>`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('resource policy', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  beforeEach(async () => {
    fixture = await sessionOnPage({ '/counting': COUNTING_PAGE, '/signup': SIGNUP_PAGE, '/done': DONE_PAGE }, '/counting');
  });
  afterEach(async () => {
    await fixture.close();
  });

  /** The canvas over the fixture's session, and what it posts; the tile's latest TileInfo and frame count. */
  async function openCanvas(parts: Partial<CanvasHost> = {}) {
    const posted: HostMessage[] = [];
    const pages = new LivePages(fixture.manager, () => undefined);
    // The webview draws every frame at once.
    const post = (message: HostMessage) => {
      posted.push(message);
      if (message.type === 'frame') {
        queueMicrotask(() => controller.handle({ type: 'frameDrawn', tileId: message.tileId }));
      }
    };
    const controller: CanvasController = new CanvasController(pages, fixture.manager, stubCanvasHost({ post, ...parts }));
    const page = await waitFor(() => pages.list()[0], 'the page as a tile');
    const tile = (): TileInfo | undefined =>
      posted
        .filter((message): message is Extract<HostMessage, { type: 'tiles' }> => message.type === 'tiles')
        .at(-1)
        ?.tiles.find((info) => info.tileId === page.targetId);
    const frames = () => posted.filter((message) => message.type === 'frame').length;
    const show = (tiles: Array<{ tileId: string; focused: boolean }>) =>
      controller.handle({ type: 'visibleTiles', tiles: tiles.map((shown) => ({ ...shown, width: 640, height: 400 })), pixelRatio: 1 });
    const dispose = () => (controller.dispose(), pages.dispose());
    return { controller, page, tile, frames, show, dispose, posted };
  }

  const count = () => fixture.page.evaluate(() => (window as unknown as { count: number }).count);
  /** The page's timer stands still: two reads apart give the same count. */
  const standsStill = async () => {
    const first = await count();
    await sleep(300);
    return (await count()) === first;
  };

  it('freezes a page off screen and resumes it where it was: its timer, its half-filled form, and a fresh picture on its tile', async () => {
    const canvas = await openCanvas();
    try {
      await fixture.page.type('#name', 'half fill');
      canvas.show([{ tileId: canvas.page.targetId, focused: true }]);
      await waitFor(() => canvas.frames() > 0, 'a frame of the page on screen');
      assert.equal(await standsStill(), false, 'on screen, the page runs');

      canvas.show([]); // scrolled off screen
      await waitFor(() => canvas.tile()?.pace === 'frozen', 'the tile marked frozen');
      await waitFor(standsStill, 'the page to stand still off screen');
      const frozenAt = await count();
      await sleep(500);
      assert.equal(await count(), frozenAt, 'no timer ran while frozen');

      const framesBefore = canvas.frames();
      canvas.show([{ tileId: canvas.page.targetId, focused: true }]);
      await waitFor(() => canvas.tile() !== undefined && canvas.tile()!.pace === undefined, 'the mark gone once shown');
      await waitFor(() => canvas.frames() > framesBefore, 'a fresh frame after waking');
      await waitFor(async () => (await count()) > frozenAt, 'the timer to go on');
      assert.ok((await count()) < frozenAt + 100, 'it went on from where it stopped, not from where it would have been');
      assert.equal(await fixture.page.$eval('#name', (field) => (field as HTMLInputElement).value), 'half fill', 'the form kept what was typed');
    } finally {
      canvas.dispose();
    }
  });

  it('rests a thumbnail between its captures and marks it slowed; its thumbnail still changes', async () => {
    const canvas = await openCanvas();
    try {
      // A second page of the session, focused: the first becomes a thumbnail beside it.
      const browserClient = await fixture.page.browser().target().createCDPSession();
      const { targetId: other } = await browserClient.send('Target.createTarget', { url: fixture.page.url(), newWindow: true });
      await waitFor(() => canvas.posted.some((message) => message.type === 'tiles' && message.tiles.length === 2), 'the second tile');
      canvas.show([
        { tileId: canvas.page.targetId, focused: false },
        { tileId: other, focused: true },
      ]);
      await waitFor(() => canvas.tile()?.pace === 'slowed', 'the thumbnail marked slowed');
      const framesBefore = canvas.frames();
      await waitFor(() => canvas.frames() >= framesBefore + 3, 'the thumbnail to keep changing');
      canvas.show([{ tileId: canvas.page.targetId, focused: true }]);
      await waitFor(() => canvas.tile() !== undefined && canvas.tile()!.pace === undefined, 'the mark gone once focused');
    } finally {
      canvas.dispose();
    }
  });

  it('keeps a pinned session, and every page with the policy off, at full speed off screen', async () => {
    let pinned = true;
    let policy = true;
    const canvas = await openCanvas({ isPinned: () => pinned, resourcePolicy: () => policy });
    try {
      canvas.show([]);
      await waitFor(() => canvas.tile()?.pinned === true, 'the tile marked pinned');
      assert.equal(await standsStill(), false, 'a pinned session runs off screen');
      pinned = false;
      policy = false;
      canvas.controller.policyChanged();
      canvas.show([]);
      await sleep(500);
      assert.equal(await standsStill(), false, 'with the policy off every page runs');
      assert.equal(canvas.tile()?.pace, undefined);
      policy = true;
      canvas.controller.policyChanged();
      canvas.show([]);
      await waitFor(standsStill, 'the page to rest once the policy is on');
    } finally {
      canvas.dispose();
    }
    // Without the canvas the page runs as an unseen one does (Chromium then runs its timers once a second).
    const runsUnseen = async () => {
      const before = await count();
      await sleep(1500);
      return (await count()) > before;
    };
    await waitFor(runsUnseen, 'the page to run again once the canvas is gone');
  });

  it("keeps the session at full speed from its tile's pin, and lets it rest again; the pin leaves global state with its session", async () => {
    const state = new Map<string, unknown>();
    const memento = { get: <T>(key: string) => state.get(key) as T, update: async (key: string, value: unknown) => void state.set(key, value) };
    const fullSpeed = new FullSpeedSessions(memento, fixture.manager);
    const canvas = await openCanvas({ isPinned: (id) => fullSpeed.has(id), keepFullSpeed: (id, on) => fullSpeed.set(id, on) });
    fullSpeed.onDidChange(() => canvas.controller.policyChanged());
    const tileId = canvas.page.targetId;
    try {
      canvas.show([]); // off screen: it rests
      await waitFor(standsStill, 'the page to rest off screen');
      canvas.controller.handle({ type: 'keepFullSpeed', tileId, on: true });
      await waitFor(() => canvas.tile()?.pinned === true, 'the tile marked pinned');
      await waitFor(async () => !(await standsStill()), 'the pinned page to run off screen');
      canvas.controller.handle({ type: 'keepFullSpeed', tileId, on: false });
      await waitFor(() => canvas.tile() !== undefined && canvas.tile()!.pinned === undefined, "the tile's pin gone");
      await waitFor(standsStill, 'the page to rest again');

      // Pinned, then removed: nothing of it stays in the editor's global state.
      const other = await fixture.manager.create({ url: 'about:blank' });
      await fullSpeed.set(other.id, true);
      assert.deepEqual(state.get('browserCanvas.fullSpeedSessions'), [other.id]);
      await fixture.manager.remove(other.id);
      await waitFor(() => !fullSpeed.has(other.id), 'the pin cleared');
      assert.deepEqual(state.get('browserCanvas.fullSpeedSessions'), []);
    } finally {
      canvas.dispose();
      fullSpeed.dispose();
    }
  });

  it("wakes a frozen page for an agent's click, which lands with what it started", async () => {
    const agent = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
    try {
      const model = await fixture.manager.connection(fixture.sessionId)!.pageModel(fixture.page.target());
      await model.pace.want('frozen'); // as the canvas leaves a page off screen
      await waitFor(standsStill, 'the page frozen');
      await agent.control.handToAgent(fixture.sessionId, 'press the button');
      await findTool('click_element')!.run(agent, parseToolInput('click_element', { session: fixture.sessionId, selector: '#press' }) as never);
      await waitFor(async () => (await fixture.page.$eval('#pressed', (element) => element.textContent)) === 'pressed', 'the press and its timer to land');
    } finally {
      agent.dispose();
    }
  });

  it('records across a freeze: the flow of a page frozen and woken halfway replays to the same end', async () => {
    const { page } = fixture;
    await page.goto(`${fixture.site.url}/signup`);
    const model = await fixture.manager.connection(fixture.sessionId)!.pageModel(page.target());
    const flow = await recordFlow(page, 'Sign up across a freeze', async () => {
      await page.click('input[name=email]');
      await page.keyboard.type('ada@');
      await model.pace.want('frozen'); // its tile scrolled off screen halfway through the address
      await sleep(300);
      await model.pace.want('running'); // and back
      await page.keyboard.type('example.com');
      await page.click('input[name=terms]');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    });
    await replayInNewWindow(page.browser(), flow, async (replayed) => {
      assert.equal(await replayed.$eval('#summary', (element) => element.textContent), 'Account for ada@example.com on plan Free');
    });
  });
});
