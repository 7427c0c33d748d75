/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { LivePages } from '../../src/cdp/livePages';
import { Recordings } from '../../src/cdp/recorder/recordings';
import { targetIdOf } from '../../src/cdp/target/targetId';
import WebSocket from 'ws';
import { CanvasController } from '../../src/canvasHost/canvasController';
import { FrameSocketServer } from '../../src/canvasHost/frameSocket';
import { decodeFrame, FrameHeader } from '../../src/contract/frameWire';
import { stubCanvasHost } from '../support/canvasHost';
import type { HostMessage } from '../../src/contract/protocol';
import { malformedMessages, validWebviewMessages } from '../support/messageFuzz';
import { ANIMATED_PAGE, jpegSize, sessionOnPage, tempStorage, waitFor } from './support';

// The page writes down everything that reaches it.
const WATCHED_PAGE = `<!doctype html><title>Watched</title><input id="field" style="position:absolute;left:0;top:0;width:300px;height:40px">
<input id="upload" type="file" style="position:absolute;left:0;top:100px;width:300px;height:40px">
<script>window.seen = [];
for (const type of ['mousedown', 'mouseup', 'wheel', 'keydown', 'input', 'resize', 'beforeunload']) addEventListener(type, () => seen.push(type), true);</script>`;

describe('canvas message handler', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let page: Page;

  before(async () => {
    fixture = await sessionOnPage({ '/watched': WATCHED_PAGE }, '/watched');
    page = fixture.page;
  });
  after(async () => {
    await fixture.close();
  });

  it('drops 10,000 malformed messages (nothing throws, nothing reaches the browser, each is logged), then serves good ones', async () => {
    const posted: HostMessage[] = [];
    const warnings: string[] = [];
    const effects: string[] = [];
    let filesToGive: string[] | undefined;
    const host = stubCanvasHost({
      post: (message) => posted.push(message),
      readClipboard: async () => (effects.push('readClipboard'), 'pasted'),
      writeClipboard: async () => void effects.push('writeClipboard'),
      runCommand: (command) => effects.push(command),
      pickFiles: async () => (effects.push('pickFiles'), filesToGive),
      saveLayout: () => effects.push('saveLayout'),
      setScreenPixelRatio: () => effects.push('setScreenPixelRatio'),
      warn: (text) => warnings.push(text),
    });
    const pages = new LivePages(fixture.manager, (text) => warnings.push(text));
    const controller = new CanvasController(pages, fixture.manager, host);
    try {
      const tile = await waitFor(() => pages.list()[0], 'the page as a tile');
      const before = { url: page.url(), viewport: await page.evaluate(() => [innerWidth, innerHeight]) };

      for (const message of malformedMessages(validWebviewMessages(tile.targetId), 10_000, 0xc0ffee)) {
        assert.doesNotThrow(() => controller.handle(message));
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // anything wrongly queued would land by now

      assert.equal(warnings.length, 10_000, 'every dropped message is logged');
      assert.deepEqual(effects, [], 'no clipboard, command or layout was touched');
      assert.deepEqual(posted.filter((message) => message.type !== 'tiles'), [], 'nothing was answered');
      assert.deepEqual(await page.evaluate(() => (window as unknown as { seen: string[] }).seen), [], 'no input reached the page');
      assert.deepEqual({ url: page.url(), viewport: await page.evaluate(() => [innerWidth, innerHeight]) }, before, 'no navigation, no resize');
      assert.equal(tile.screencast.streaming, false, 'no screencast started');

      // The handler still works: the same contract, well-formed, reaches the page.
      controller.handle({ type: 'mouse', tileId: tile.targetId, action: 'mousePressed', x: 20, y: 20, button: 'left', buttons: 1, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
      controller.handle({ type: 'mouse', tileId: tile.targetId, action: 'mouseReleased', x: 20, y: 20, button: 'left', buttons: 0, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
      controller.handle({ type: 'clipboard', tileId: tile.targetId, action: 'paste' });
      await waitFor(() => page.$eval('#field', (field) => (field as HTMLInputElement).value === 'pasted'), 'the paste in the field');

      // A file input asks the editor, and gets what the developer picked there.
      filesToGive = [path.join(tempStorage('bc-upload-'), 'report.pdf')];
      writeFileSync(filesToGive[0], '%PDF');
      controller.handle({ type: 'mouse', tileId: tile.targetId, action: 'mousePressed', x: 20, y: 120, button: 'left', buttons: 1, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
      controller.handle({ type: 'mouse', tileId: tile.targetId, action: 'mouseReleased', x: 20, y: 120, button: 'left', buttons: 0, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
      await waitFor(() => page.$eval('#upload', (input) => (input as HTMLInputElement).files?.[0]?.name === 'report.pdf'), 'the picked file in the input');
    } finally {
      controller.dispose();
      pages.dispose();
    }
  });
});

describe('canvas reveal', function () {
  it("brings a session's tile into view, once the webview is there to show it", async () => {
    const fixture = await sessionOnPage({ '/': '<title>one</title>' }, '/');
    const posted: HostMessage[] = [];
    const pages = new LivePages(fixture.manager, () => undefined);
    const controller = new CanvasController(pages, fixture.manager, stubCanvasHost({ post: (message) => posted.push(message) }));
    try {
      const tile = await waitFor(() => pages.list()[0], 'the page as a tile');
      controller.reveal(fixture.sessionId);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(posted.filter((message) => message.type === 'reveal').length, 0, 'no webview has asked for anything yet');
      controller.handle({ type: 'ready' });
      assert.deepEqual(posted.filter((message) => message.type === 'reveal'), [{ type: 'reveal', tileId: tile.targetId }]);
    } finally {
      controller.dispose();
      pages.dispose();
      await fixture.close();
    }
  });
});

describe('canvas: dialogs answered on the tile', function () {
  it("applies an answer only to the dialog it answers: one to a dialog that has since closed never answers the next", async () => {
    const fixture = await sessionOnPage({ '/': '<title>asks</title>' }, '/');
    const posted: HostMessage[] = [];
    const pages = new LivePages(fixture.manager, () => undefined);
    const controller = new CanvasController(pages, fixture.manager, stubCanvasHost({ post: (message) => posted.push(message) }));
    const opened = (text: string) => posted.find((message): message is Extract<HostMessage, { type: 'dialogOpened' }> => message.type === 'dialogOpened' && message.message === text);
    try {
      const tile = await waitFor(() => pages.list()[0], 'the page as a tile');
      controller.handle({ type: 'ready' });
      await fixture.page.evaluate(() => void setTimeout(() => ((window as unknown as { answers: unknown[] }).answers = [confirm('one'), prompt('two')])));
      const first = await waitFor(() => opened('one'), 'the first dialog on the canvas');
      await tile.answerDialog(false); // answered elsewhere (the agent's handle_dialog) while the developer looked at it
      const second = await waitFor(() => opened('two'), 'the second dialog on the canvas');
      assert.notEqual(second.requestId, first.requestId);

      controller.handle({ type: 'answerDialog', tileId: tile.targetId, requestId: first.requestId, accept: true }); // the developer's late click on the first
      controller.handle({ type: 'answerDialog', tileId: tile.targetId, requestId: second.requestId, accept: true, promptText: 'typed for two' });
      await waitFor(() => fixture.page.evaluate(() => (window as unknown as { answers?: unknown[] }).answers), 'both dialogs answered');
      assert.deepEqual(await fixture.page.evaluate(() => (window as unknown as { answers: unknown[] }).answers), [false, 'typed for two']);
    } finally {
      controller.dispose();
      pages.dispose();
      await fixture.close();
    }
  });
});

describe('canvas: a session with no page', function () {
  it('asks before closing the last page, keeps a tile for the running browser, opens a page from it, and terminates from it only when asked', async () => {
    const fixture = await sessionOnPage({ '/': '<title>one</title>' }, '/');
    const posted: HostMessage[] = [];
    const asked: string[] = [];
    const terminated: Array<[string, boolean]> = [];
    let answer: 'closePage' | 'terminate' | undefined;
    const host = stubCanvasHost({
      post: (message) => posted.push(message),
      confirmCloseLastPage: async (label) => (asked.push(label), answer),
      terminate: async (sessionId, confirmed) => void terminated.push([sessionId, confirmed]),
    });
    const pages = new LivePages(fixture.manager, () => undefined);
    const controller = new CanvasController(pages, fixture.manager, host);
    const lastTiles = () => posted.filter((message): message is Extract<HostMessage, { type: 'tiles' }> => message.type === 'tiles').at(-1)?.tiles ?? [];
    const connection = fixture.manager.connection(fixture.sessionId)!;
    try {
      const page = await waitFor(() => pages.list()[0], 'the page as a tile');
      const label = fixture.manager.get(fixture.sessionId)!.label;

      controller.handle({ type: 'closeTile', tileId: page.targetId });
      await waitFor(() => asked.length === 1, 'the question');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(asked, [label]);
      assert.equal(connection.pageTargets.length, 1, 'dismissed: the page stays open');

      answer = 'terminate';
      controller.handle({ type: 'closeTile', tileId: page.targetId });
      await waitFor(() => terminated.length === 1, 'the terminate request');
      assert.deepEqual(terminated, [[fixture.sessionId, true]], 'the answer was the confirmation');

      answer = 'closePage';
      controller.handle({ type: 'closeTile', tileId: page.targetId });
      const sessionTile = await waitFor(() => lastTiles().find((tile) => tile.pageless), 'the tile of the session with no page');
      assert.equal(connection.pageTargets.length, 0, 'the page closed; the browser runs on');
      assert.deepEqual(lastTiles(), [sessionTile], 'the session keeps exactly one tile');
      assert.equal(sessionTile.sessionId, fixture.sessionId);

      controller.handle({ type: 'closeTile', tileId: sessionTile.tileId });
      assert.deepEqual(terminated.at(-1), [fixture.sessionId, false], 'close on that tile terminates, after asking');

      controller.handle({ type: 'newPage', tileId: sessionTile.tileId });
      await waitFor(() => lastTiles().length === 1 && !lastTiles()[0].pageless, 'a page tile in its place');
      assert.equal(connection.pageTargets.length, 1);

      // With two pages, closing one asks nothing.
      const second = await connection.browser.newPage();
      await waitFor(() => pages.list().length === 2, 'two tiles');
      controller.handle({ type: 'closeTile', tileId: targetIdOf(second.target()) });
      await waitFor(() => connection.pageTargets.length === 1, 'the second page closed');
      assert.equal(asked.length, 3, 'only the last page asked');
    } finally {
      controller.dispose();
      pages.dispose();
      await fixture.close();
    }
  });
});

describe('canvas recording indicator', function () {
  it("passes the tile's record button to the editor, shows its failure on the tile, marks the tile whose page is being recorded, and clears it when the recording stops", async () => {
    const fixture = await sessionOnPage({ '/': '<title>one</title><input>' }, '/');
    const posted: HostMessage[] = [];
    const pages = new LivePages(fixture.manager, () => undefined);
    const recordings = new Recordings(fixture.manager);
    const asked: unknown[] = [];
    let refusal: Error | undefined;
    const host = stubCanvasHost({
      post: (message) => posted.push(message),
      record: async (...args) => {
        asked.push(args);
        if (refusal) {
          throw refusal;
        }
      },
    });
    const controller = new CanvasController(pages, fixture.manager, host, undefined, recordings);
    const lastTiles = () => posted.filter((message): message is Extract<HostMessage, { type: 'tiles' }> => message.type === 'tiles').at(-1)?.tiles ?? [];
    try {
      await waitFor(() => lastTiles().length === 1, 'the tile');
      assert.equal(lastTiles()[0].recording, undefined);
      const { tileId } = lastTiles()[0];
      await controller.handle({ type: 'record', tileId, start: true });
      await controller.handle({ type: 'record', tileId: 'no-such-tile', start: true });
      assert.deepEqual(asked, [[fixture.sessionId, targetIdOf(fixture.page.target()), true]], "the tile's own session and page, and nothing for an unknown tile");
      // A button whose action fails says so on its tile.
      refusal = new Error('The flows folder is not writable.');
      await controller.handle({ type: 'record', tileId, start: false });
      await waitFor(() => posted.some((message) => message.type === 'notice' && message.tileId === tileId && message.level === 'error' && message.text === refusal!.message), 'the failure shown on the tile');
      refusal = undefined;
      await recordings.start(fixture.sessionId);
      await waitFor(() => lastTiles()[0]?.recording === true, 'the recording mark');
      await recordings.stop(fixture.sessionId, 'nothing');
      await waitFor(() => lastTiles()[0]?.recording === undefined, 'the mark gone');
    } finally {
      controller.dispose();
      recordings.dispose();
      pages.dispose();
      await fixture.close();
    }
  });
});

describe('canvas streams', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  before(async () => {
    fixture = await sessionOnPage({ '/animated': ANIMATED_PAGE }, '/animated');
    // A second window (a background tab would send no frames).
    const browser = await fixture.page.browser().target().createCDPSession();
    await browser.send('Target.createTarget', { url: `${fixture.site.url}/animated`, newWindow: true });
    await browser.detach();
  });
  after(async () => {
    await fixture.close();
  });

  it('gives the focused tile full frames and the other tiles on screen small, slow thumbnails', async () => {
    const frames: Array<{ tileId: string; width: number; bytes: boolean; at: number }> = [];
    const ratios: number[] = [];
    const host = stubCanvasHost({
      post: (message) => message.type === 'frame' && frames.push({ tileId: message.tileId, width: jpegSize(message.data).width, bytes: message.data instanceof Uint8Array, at: performance.now() }),
      frameTransport: () => 'binary',
      setScreenPixelRatio: (ratio) => ratios.push(ratio),
    });
    const pages = new LivePages(fixture.manager, () => undefined);
    const controller = new CanvasController(pages, fixture.manager, host);
    // The webview answers every frame at once, as a fast one would.
    const drawAll = setInterval(() => frames.splice(0).forEach((frame) => (seen.push(frame), controller.handle({ type: 'frameDrawn', tileId: frame.tileId }))), 5);
    const seen: typeof frames = [];
    const over = async (ms: number) => {
      const start = seen.length;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return seen.slice(start);
    };
    const show = (focusedTileId: string) =>
      controller.handle({ type: 'visibleTiles', tiles: tileIds.map((tileId) => ({ tileId, width: 1200, height: 750, focused: tileId === focusedTileId })), pixelRatio: 2 });
    let tileIds: string[] = [];
    try {
      tileIds = (await waitFor(() => pages.list().length === 2 && pages.list(), 'both windows as tiles')).map((page) => page.targetId);
      const [first, second] = tileIds;
      show(first);
      await waitFor(() => seen.some((frame) => frame.tileId === second), 'a thumbnail frame');
      await new Promise((resolve) => setTimeout(resolve, 500)); // frames of the start-up size may still land
      const window = await over(2000);
      const focused = window.filter((frame) => frame.tileId === first);
      const thumbnail = window.filter((frame) => frame.tileId === second);
      assert.ok(focused.length > 0 && focused.every((frame) => frame.width === 1200), `focused tile frames are full size: ${focused.map((f) => f.width)}`);
      assert.ok(thumbnail.length > 0 && thumbnail.every((frame) => frame.width <= 400), `thumbnail frames are small: ${thumbnail.map((f) => f.width)}`);
      assert.ok(thumbnail.length <= 6 * 2 + 1, `thumbnails are paced: ${thumbnail.length} frames in 2 s`);
      assert.ok(focused.length > thumbnail.length, `the focused tile gets more frames: ${focused.length} against ${thumbnail.length}`);
      assert.deepEqual([...new Set(ratios)], [2], 'the screen pixel ratio reached the host');
      assert.ok(window.every((frame) => frame.bytes), 'frames travel as bytes when the binary transport is chosen');

      show(second); // focus moves: the roles swap
      const swappedAt = seen.length;
      await waitFor(() => seen.slice(swappedAt).some((frame) => frame.tileId === second && frame.width === 1200), 'the newly focused tile streaming in full');
      await new Promise((resolve) => setTimeout(resolve, 500)); // a full frame of the first tile may still be on its way
      const swapped = await over(1000);
      assert.ok(swapped.filter((frame) => frame.tileId === first).every((frame) => frame.width <= 400), 'the other one became a thumbnail');
    } finally {
      clearInterval(drawAll);
      controller.dispose();
      pages.dispose();
    }
  });

  it('sends frames on the frame socket while a canvas is connected to it, as messages otherwise, and hears answers on it', async () => {
    const server = await FrameSocketServer.start(() => undefined);
    const channel = server.openChannel();
    const posted: string[] = [];
    /** When each frame posted as a message went out. */
    const postedAt: number[] = [];
    const warnings: string[] = [];
    const host = stubCanvasHost({
      post: (message) => message.type === 'frame' && posted.push(message.tileId) && postedAt.push(performance.now()),
      frameTransport: () => 'socket',
      frameSocket: { url: `ws://127.0.0.1:${server.address.port}${channel.path}`, channel },
      warn: (text) => warnings.push(text),
    });
    const pages = new LivePages(fixture.manager, () => undefined);
    const controller = new CanvasController(pages, fixture.manager, host);
    // The webview answers frames that came as messages at once.
    const drawPosted = setInterval(() => posted.splice(0).forEach((tileId) => controller.handle({ type: 'frameDrawn', tileId })), 5);
    let socket: WebSocket | undefined;
    try {
      const tile = await waitFor(() => pages.list().find((candidate) => candidate.targetId === targetIdOf(fixture.page.target())), 'the first window as a tile');
      controller.handle({ type: 'visibleTiles', tiles: [{ tileId: tile.targetId, width: 640, height: 400, focused: true }], pixelRatio: 1 });
      await waitFor(() => postedAt.length > 0, 'frames as messages while no canvas is connected');

      // A canvas connects and answers each frame on the socket, as the frame worker does.
      const onSocket: Array<FrameHeader & { data: Uint8Array }> = [];
      const connectCanvas = async () => {
        const canvas = new WebSocket(host.frameSocket!.url, { origin: 'vscode-webview://0b1c2d3e4f5a6b7c8d9e' });
        canvas.on('message', (data: Buffer) => {
          const frame = decodeFrame(new Uint8Array(data).buffer)!;
          onSocket.push(frame);
          canvas.send(JSON.stringify({ type: 'frameDrawn', tileId: frame.tileId }));
        });
        await once(canvas, 'open');
        return canvas;
      };
      socket = await connectCanvas();
      await waitFor(() => onSocket.length > 10, 'frames on the socket (more than three: its answers free the window)');
      assert.ok(onSocket.every((frame) => frame.tileId === tile.targetId), "the tile's frames");
      const sizes = onSocket.slice(-5).map((frame) => jpegSize(frame.data));
      assert.ok(
        sizes.every(({ width, height }) => width > 0 && width <= 640 && height > 0 && height <= 400),
        `whole JPEGs within the size asked: ${JSON.stringify(sizes)}`,
      );
      const connectedSince = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(postedAt.filter((at) => at >= connectedSince), [], 'no frames as messages while the canvas is connected');

      // A reloaded canvas connects again while the old connection has frames out it will never answer:
      // the stream goes on, on the new connection.
      socket.removeAllListeners('message');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const replaced = socket;
      socket = await connectCanvas();
      await once(replaced, 'close');
      const before = onSocket.length;
      await waitFor(() => onSocket.length > before + 10, 'frames on the new connection');

      // Anything but an answer on the socket closes it with a log line: input sent there reaches no page.
      await fixture.page.evaluate(() => addEventListener('mousedown', () => Object.assign(window, { pressed: true }), true));
      for (const message of validWebviewMessages(tile.targetId).filter((candidate) => candidate.type !== 'frameDrawn')) {
        const warned = warnings.length;
        const closed = once(socket, 'close');
        socket.send(JSON.stringify(message));
        await closed;
        assert.equal(warnings.length, warned + 1, `a log line for ${message.type}`);
        assert.match(warnings.at(-1)!, new RegExp(`not an answer to a frame \\(${message.type}\\)`));
        const closedAt = performance.now();
        await waitFor(() => postedAt.some((at) => at >= closedAt), `frames as messages after the socket closed on ${message.type}`);
        socket = await connectCanvas();
      }
      assert.equal(await fixture.page.evaluate(() => 'pressed' in window), false, 'nothing reached the page');
      assert.equal(pages.list().length, 2, 'no tile closed');
    } finally {
      socket?.close();
      clearInterval(drawPosted);
      controller.dispose();
      pages.dispose();
      server.dispose();
    }
  });
});
