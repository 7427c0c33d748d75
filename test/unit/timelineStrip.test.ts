/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import { callAgentTool } from '../../src/cdp/agent/toolCall';
import { LivePages } from '../../src/cdp/livePages';
import { TIMELINE_GLOBAL } from '../../src/cdp/pageSide/recorderScript';
import { DeveloperRecorders } from '../../src/cdp/timeline/developerRecorder';
import { parseTimelineLine, TimelineEntry } from '../../src/cdp/timeline/timelineEntry';
import { THUMBNAILS_FOLDER } from '../../src/cdp/timeline/timelineThumbnails';
import { Timelines } from '../../src/cdp/timeline/timelines';
import { CanvasController } from '../../src/canvasHost/canvasController';
import { PICTURE_AFTER_MS } from '../../src/canvasHost/timelinePictures';
import type { HostMessage, StripEntry } from '../../src/contract/protocol';
import { stubCanvasHost } from '../support/canvasHost';
import { jpegSize, makeManager, sessionOnPage, waitFor } from './support';

// Two big buttons: each paints the page its colour, so each action's picture differs.
const PAINT_PAGE = `<!doctype html><title>Paint</title><style>body{margin:0}button{position:absolute;width:200px;height:80px}</style>
<button id="red" style="left:40px;top:60px" onclick="document.body.style.background='red'">Red</button>
<button id="blue" style="left:300px;top:200px" onclick="document.body.style.background='blue'">Blue</button>
<input id="name" style="position:absolute;left:40px;top:320px;width:240px;height:30px">`;

type Entries = Extract<HostMessage, { type: 'timelineEntries' }>;

describe('timeline strip', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;

  before(async () => {
    fixture = await sessionOnPage({ '/paint': PAINT_PAGE }, '/paint');
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  const boxOf = (selector: string) => fixture.page.$eval(selector, (element) => (({ x, y, width, height }) => ({ x, y, width, height }))(element.getBoundingClientRect()));
  const newEntry = (after: number, actor: TimelineEntry['actor'], action: string) =>
    waitFor(async () => (await browser.timeline.entries(fixture.sessionId)).find((entry) => entry.seq > after && entry.actor === actor && entry.action === action), `a ${actor} ${action} entry`);

  it("keeps each entry's picture from the tile's frames, with the element's box, and serves both to the tile's strip, live too", async () => {
    const { sessionId, page } = fixture;
    const posted: HostMessage[] = [];
    const pages = new LivePages(fixture.manager, () => undefined);
    const controller = new CanvasController(pages, fixture.manager, stubCanvasHost({ post: (message) => posted.push(message) }), undefined, undefined, browser.timeline);
    const recorders = new DeveloperRecorders(fixture.manager, browser.timeline, fixture.logs);
    try {
      const tile = await waitFor(() => pages.list()[0], 'the page as a tile');
      controller.handle({ type: 'ready' });
      controller.handle({ type: 'visibleTiles', tiles: [{ tileId: tile.targetId, width: 800, height: 600, focused: true }], pixelRatio: 1 });
      await page.waitForFunction((name) => name in globalThis, {}, TIMELINE_GLOBAL);
      controller.handle({ type: 'timelineFollow', tileId: tile.targetId, on: true });

      // The developer clicks in the page (as a tile's input does), then hands over and the agent clicks.
      const start = (await browser.timeline.entries(sessionId)).at(-1)?.seq ?? 0;
      await page.click('#red');
      const developer = await newEntry(start, 'developer', 'click');
      await browser.control.handToAgent(sessionId);
      await callAgentTool(browser, findTool('click_element')!, parseToolInput('click_element', { session: sessionId, selector: '#blue' }));
      const agent = await newEntry(developer.seq, 'agent', 'click');
      await browser.control.takeBack(sessionId);

      // Each box is the element's, in the page's CSS pixels, with the viewport it was in.
      const viewport = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      assert.deepEqual(developer.target, { box: await boxOf('#red'), viewport });
      assert.deepEqual(agent.target, { box: await boxOf('#blue'), viewport });

      // Each has its picture: the tile's newest frame shortly after, a JPEG in the session's folder.
      const pictures = await waitFor(async () => {
        const both = await Promise.all([developer.seq, agent.seq].map((seq) => browser.timeline.thumbnail(sessionId, seq)));
        return both.every(Boolean) && (both as Uint8Array[]);
      }, 'both pictures');
      pictures.forEach((picture) => assert.ok(jpegSize(picture).width > 100));
      assert.notDeepEqual(pictures[0], pictures[1], 'the page after each action, not one picture twice');
      const folder = path.join(fixture.manager.sessionDir(sessionId), THUMBNAILS_FOLDER);
      assert.equal((await fs.stat(folder)).mode & 0o777, 0o700);
      assert.equal((await fs.stat(path.join(folder, `${agent.seq}.jpg`))).mode & 0o777, 0o600);

      // The strip followed them live, and asks for the range after a reload: the same entries, bytes and boxes.
      const live = await waitFor(() => {
        const shown = posted.filter((message): message is Entries => message.type === 'timelineEntries' && message.requestId === undefined).flatMap((message) => message.entries);
        return shown.some((entry) => entry.seq === agent.seq) && shown;
      }, 'the agent entry on the open strip');
      assert.ok(live.every((entry) => entry.thumbnail instanceof Uint8Array), 'pictures travel as bytes');
      controller.handle({ type: 'timelineRange', tileId: tile.targetId, requestId: 7, fromSeq: developer.seq, toSeq: agent.seq });
      const reply = await waitFor(() => posted.find((message): message is Entries => message.type === 'timelineEntries' && message.requestId === 7), 'the reply');
      const shown = (seq: number) => reply.entries.find((entry) => entry.seq === seq) as StripEntry;
      assert.equal(reply.tileId, tile.targetId);
      assert.match(shown(developer.seq).line, /developer clicked button "Red"/);
      assert.equal(shown(agent.seq).actor, 'agent');
      assert.deepEqual(shown(agent.seq).target, agent.target);
      assert.deepEqual(Buffer.from(shown(agent.seq).thumbnail as Uint8Array), Buffer.from(pictures[1]));
      // Not a Buffer: its toJSON would send the picture to the webview as an array of numbers, which no <img> shows.
      assert.ok(reply.entries.every((entry) => entry.thumbnail instanceof Uint8Array && !Buffer.isBuffer(entry.thumbnail)), 'pictures travel as plain bytes');
      assert.ok(reply.entries.every((entry) => entry.seq >= developer.seq && entry.seq <= agent.seq), 'only the range asked for');
    } finally {
      recorders.dispose();
      controller.dispose();
      pages.dispose();
    }
  });

  /** A tile of the fixture's page with its controller, and ways to paint the page and read an entry's picture. */
  const paintedTile = async () => {
    const { sessionId, page } = fixture;
    const pages = new LivePages(fixture.manager, () => undefined);
    const controller = new CanvasController(pages, fixture.manager, stubCanvasHost({ post: () => undefined }), undefined, undefined, browser.timeline);
    const dispose = () => (controller.dispose(), pages.dispose());
    try {
      const tile = await waitFor(() => pages.list()[0], 'the page as a tile');
      controller.handle({ type: 'ready' });
      controller.handle({ type: 'visibleTiles', tiles: [{ tileId: tile.targetId, width: 800, height: 600, focused: true }], pixelRatio: 1 });
      /** The tile's next frame whose picture differs from `shown` (the screencast may send one picture twice). */
      const frameOtherThan = (shown: string | undefined) =>
        new Promise<string>((resolve) => {
          const listener = tile.screencast.onFrame(({ data }) => data !== shown && (listener.dispose(), resolve(data)));
        });
      let shown = await frameOtherThan(undefined); // the screencast's first, of the page as the test before left it
      return {
        dispose,
        paint: async (colour: string) => {
          const drawn = frameOtherThan(shown);
          await page.evaluate((background) => void (document.body.style.background = background), colour);
          shown = await drawn; // the tile has a frame of it
        },
        /** A press in the tile where the page has nothing to press, as the developer's hand gives it. */
        pressInTile: () =>
          (['mousePressed', 'mouseReleased'] as const).forEach((action, index) =>
            controller.handle({ type: 'mouse', tileId: tile.targetId, action, x: 700, y: 500, button: 'left', buttons: 1 - index, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 }),
          ),
        entryAt: async (time: number) => (await browser.timeline.append(sessionId, { time: new Date(time).toISOString(), actor: 'developer', action: 'click', steps: [], durationMs: 0, result: 'ok' }))!,
        /** The colour near the bottom middle of an entry's picture, decoded by Chromium. */
        pictureColour: async (seq: number) => {
          const jpeg = await browser.timeline.thumbnail(sessionId, seq);
          return (
            jpeg &&
            page.evaluate(async (base64) => {
              const picture = new Image();
              picture.src = `data:image/jpeg;base64,${base64}`;
              await picture.decode();
              const probe = new OffscreenCanvas(1, 1).getContext('2d')!;
              probe.drawImage(picture, Math.floor(picture.naturalWidth / 2), Math.floor(picture.naturalHeight * 0.9), 1, 1, 0, 0, 1, 1);
              return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
            }, Buffer.from(jpeg).toString('base64'))
          );
        },
      };
    } catch (error) {
      dispose();
      throw error;
    }
  };

  it("takes an entry's picture again when the next entry comes late and says its action began before that picture", async () => {
    const { paint, entryAt, pictureColour, dispose } = await paintedTile();
    try {
      // One action paints the page red and its entry comes at once; the next paints it blue soon after,
      // but its entry comes only once the first's picture was taken (as when measuring its target took long).
      await paint('red');
      const red = await entryAt(Date.now());
      const blueBegan = Date.now();
      await paint('blue');
      await waitFor(async () => ((await pictureColour(red.seq)) ?? [0, 0, 0])[2] > 150, "the first entry's picture, taken before the second entry came: blue");
      await entryAt(blueBegan);
      await waitFor(async () => ((await pictureColour(red.seq)) ?? [0, 0, 0])[0] > 150, "the first entry's picture taken again, as of before the second action: red");
    } finally {
      dispose();
    }
  });

  it("shows the page as the action left it: taken again at a late frame (not at one after the developer's press), and a hand-over right after does not cut it short", async () => {
    const { paint, pressInTile, entryAt, pictureColour, dispose } = await paintedTile();
    const shows = (expected: 'green' | 'blue') => (colour: number[] | undefined) => {
      const [red, green, blue] = colour ?? [0, 0, 0];
      return expected === 'green' ? green > 100 && red < 100 && blue < 100 : blue > 150 && red < 100 && green < 100;
    };
    /** The entry's picture comes to show the page `expected`, as the action left it. */
    const pictured = (seq: number, expected: 'green' | 'blue') =>
      waitFor(async () => shows(expected)(await pictureColour(seq)), `entry ${seq}: its picture showing the page ${expected}, as the action left it`);
    try {
      // A busy machine: the action's frame comes only after the picture was due, and is taken when it comes.
      await paint('red');
      const late = await entryAt(Date.now());
      await new Promise((resolve) => setTimeout(resolve, PICTURE_AFTER_MS + 300));
      await paint('green');
      await pictured(late.seq, 'green');
      // The developer takes the session back the moment the agent's action returns, before its frame.
      const beforeTakeBack = await entryAt(Date.now());
      await browser.timeline.append(fixture.sessionId, { actor: 'developer', action: 'takeBack', steps: [], durationMs: 0, result: 'ok' });
      await paint('blue');
      await pictured(beforeTakeBack.seq, 'blue');
      // The developer's press painted green before the page reported its step (the entry's time):
      // a frame came after the press, so the picture is that one, and a later paint is not its doing.
      pressInTile();
      await paint('green');
      const reported = await entryAt(Date.now());
      await pictured(reported.seq, 'green');
      await paint('blue');
      await new Promise((resolve) => setTimeout(resolve, 500)); // time to save a picture taken again
      const colour = await pictureColour(reported.seq);
      assert.ok(shows('green')(colour), `entry ${reported.seq}: still the page green, not the later paint: rgb(${colour?.join(', ')})`);
    } finally {
      dispose();
    }
  });

  it('drops pictures with their entries; an entry no tile showed has none; a file from before boxes still parses', async () => {
    const storage = makeManager(fixture.storageDir);
    const bounded = new Timelines(storage.manager, storage.logs, () => 3);
    const sessionId = fixture.sessionId;
    try {
      const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
      const first = (await bounded.entries(sessionId)).at(-1)?.seq ?? 0;
      for (let index = 0; index < 6; index++) {
        const entry = await bounded.append(sessionId, { actor: 'agent', action: 'click', steps: [], durationMs: 0, result: 'ok' });
        if (index < 5) {
          await bounded.saveThumbnail(sessionId, entry!.seq, jpeg); // the sixth: no tile showed its page
        }
      }
      const kept = (await bounded.entries(sessionId)).map((entry) => entry.seq);
      assert.deepEqual(kept, [first + 4, first + 5, first + 6]);
      const files = await fs.readdir(path.join(fixture.manager.sessionDir(sessionId), THUMBNAILS_FOLDER));
      assert.ok(!files.some((name) => Number(name.split('.')[0]) < first + 4), `the dropped entries' pictures are gone: ${files.join(', ')}`);
      assert.ok(await bounded.thumbnail(sessionId, first + 5));
      assert.equal(await bounded.thumbnail(sessionId, first + 6), undefined);
      assert.equal(await bounded.thumbnail(sessionId, first + 1), undefined);
    } finally {
      bounded.dispose();
      storage.dispose();
    }
    const older = parseTimelineLine('{"seq":1,"time":"2026-01-01T00:00:00.000Z","actor":"developer","action":"click","steps":[],"durationMs":0,"result":"ok"}');
    assert.equal(older?.target, undefined);
    assert.equal(older?.seq, 1);
  });
});
