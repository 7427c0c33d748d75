/// <reference lib="dom" />
// The canvas's frame worker, run as the canvas runs it (its bundle started from a blob: URL, a page
// image handed over with transferControlToOffscreen) in a real Chromium page: the host's flow control
// needs every frame answered exactly once, and the tile must end on the newest frame.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'puppeteer-core';
import { FrameSocketServer } from '../../src/canvasHost/frameSocket';
import type { FromFrameWorker } from '../../src/webview/frameWorkerProtocol';
import { sessionOnPage, waitFor } from './support';

const RED_PAGE = '<!doctype html><title>red</title><style>html,body{margin:0;height:100%;background:#d00000}</style>';
const BLUE_PAGE = '<!doctype html><title>blue</title><style>html,body{margin:0;height:100%;background:#0000d0}</style>';
const RED: [number, number, number] = [0xd0, 0, 0];
const BLUE: [number, number, number] = [0, 0, 0xd0];

async function workerSource(): Promise<string> {
  const entry = path.join(__dirname, '..', '..', '..', 'src', 'webview', 'frameWorker.ts');
  const built = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' });
  return built.outputFiles[0].text;
}

interface Sent {
  readonly tileId: string;
  /** A JPEG as base64 text, or as bytes (sent as an array, made a Uint8Array in the page). */
  readonly data: string | number[];
  readonly sequence: number;
}

/**
 * Starts the worker in the page with one page image attached as `tile-1`, sends the frames back to back
 * (with `forget` first if asked), and returns the worker's answers once there is one per frame (or
 * after 5 s) and the colour at the middle of the page image once it is `expected` (or after 3 s).
 */
async function run(page: Page, source: string, frames: Sent[], expected: [number, number, number], forgetFirst = false) {
  return page.evaluate(
    async (source, frames, expected, forgetFirst) => {
      const image = document.createElement('canvas');
      document.body.append(image);
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      const offscreen = image.transferControlToOffscreen();
      worker.postMessage({ type: 'attach', tileId: 'tile-1', canvas: offscreen }, [offscreen]);
      if (forgetFirst) {
        worker.postMessage({ type: 'forget', tileId: 'tile-1' });
      }
      const answers: FromFrameWorker[] = [];
      const allAnswered = new Promise<void>((resolve) => {
        worker.onmessage = ({ data }) => answers.push(data) === frames.length && resolve();
        setTimeout(resolve, 5000);
      });
      for (const frame of frames) {
        const data = typeof frame.data === 'string' ? frame.data : new Uint8Array(frame.data);
        worker.postMessage({ type: 'frame', tileId: frame.tileId, data, pageWidth: 640, pageHeight: 400, sequence: frame.sequence });
      }
      await allAnswered;
      // The picture reaches the page image a little after the worker says so (it is committed from the
      // worker's thread): the colour in the middle, once it is the one expected, or after 3 s.
      const probe = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true })!;
      const colour = () => {
        probe.clearRect(0, 0, 1, 1);
        if (image.width > 0) {
          probe.drawImage(image, image.width / 2, image.height / 2, 1, 1, 0, 0, 1, 1);
        }
        return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
      };
      const near = (found: number[]) => found.every((channel, index) => Math.abs(channel - expected[index]) < 40);
      for (const start = performance.now(); !near(colour()) && performance.now() - start < 3000; ) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      worker.terminate();
      return { answers, colour: colour(), size: [image.width, image.height] };
    },
    source,
    frames,
    expected,
    forgetFirst,
  );
}

describe('frame worker', function () {
  this.timeout(60_000);
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let source: string;
  let red: string;
  let blue: string;

  before(async () => {
    fixture = await sessionOnPage({ '/red': RED_PAGE, '/blue': BLUE_PAGE }, '/blue');
    await fixture.page.setViewport({ width: 640, height: 400 });
    blue = await fixture.page.screenshot({ type: 'jpeg', encoding: 'base64' });
    await fixture.page.goto(`${fixture.site.url}/red`);
    red = await fixture.page.screenshot({ type: 'jpeg', encoding: 'base64' });
    source = await workerSource();
  });
  after(async () => {
    await fixture.close();
  });

  it('answers every frame once, shown or dropped, and ends on the newest, from either kind of message', async () => {
    // Twenty frames back to back, blue then red as the last, half as text and half as bytes.
    const frames: Sent[] = Array.from({ length: 20 }, (_, index) => {
      const jpeg = index === 19 ? red : blue;
      return { tileId: 'tile-1', data: index % 2 ? [...Buffer.from(jpeg, 'base64')] : jpeg, sequence: index + 1 };
    });
    const { answers, colour, size } = await run(fixture.page, source, frames, RED);
    assert.equal(answers.length, frames.length, 'one answer per frame');
    const shown = answers.filter((answer) => answer.type === 'shown');
    assert.ok(shown.length >= 1, 'some frames are shown');
    assert.deepEqual(
      shown.map((answer) => answer.sequence),
      [...shown.map((answer) => answer.sequence)].sort((a, b) => a - b),
      'frames are shown in order',
    );
    assert.equal(shown.at(-1)!.sequence, 20, 'the newest frame is shown last');
    assert.ok(
      shown.every((answer) => answer.transport === (answer.sequence % 2 === 0 ? 'binary' : 'base64')),
      'each shown frame says how it came',
    );
    assert.deepEqual(size, [640, 400], 'the page image takes the frame size');
    const [r, g, b] = colour;
    assert.ok(r > 180 && g < 60 && b < 60, `the page image shows the last frame (red), got ${colour}`);
  });

  it('drops frames it cannot show, answering each, and shows the next good one', async () => {
    const frames: Sent[] = [
      { tileId: 'tile-1', data: Buffer.from('not a jpeg').toString('base64'), sequence: 1 },
      { tileId: 'tile-unknown', data: blue, sequence: 1 },
      { tileId: 'tile-1', data: blue, sequence: 2 },
    ];
    const { answers, colour } = await run(fixture.page, source, frames, BLUE);
    assert.deepEqual(
      answers.map((answer) => `${answer.tileId} ${answer.type}`).sort(),
      ['tile-1 dropped', 'tile-1 shown', 'tile-unknown dropped'],
      'a corrupt frame and a frame for no tile are dropped, the good one shown',
    );
    const [r, g, b] = colour;
    assert.ok(b > 180 && r < 60 && g < 60, `the page image shows the good frame (blue), got ${colour}`);

    const forgotten = await run(fixture.page, source, [{ tileId: 'tile-1', data: blue, sequence: 1 }], BLUE, true);
    assert.deepEqual(forgotten.answers, [{ type: 'dropped', tileId: 'tile-1', transport: 'base64' }], 'a forgotten tile shows nothing more');
  });

  it("shows frames from the host's frame socket, and says they came that way", async () => {
    const server = await FrameSocketServer.start((text) => assert.fail(text));
    // The fixture page stands for a workbench that serves its webviews itself; a blob worker sends its page's origin.
    server.trustWorkbenchOrigin(new URL(fixture.page.url()).origin);
    try {
      const channel = server.openChannel();
      const answeredOnSocket: unknown[] = [];
      channel.onDidReceive((message) => answeredOnSocket.push(message));
      // The worker as the canvas starts it, connected to the socket; its answers kept on the page.
      await fixture.page.evaluate(
        (source, url) => {
          const image = document.createElement('canvas');
          image.id = 'socket-tile';
          document.body.append(image);
          const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
          const offscreen = image.transferControlToOffscreen();
          worker.postMessage({ type: 'attach', tileId: 'tile-1', canvas: offscreen }, [offscreen]);
          worker.postMessage({ type: 'connect', url });
          const answers: FromFrameWorker[] = [];
          worker.onmessage = ({ data }) => answers.push(data);
          Object.assign(window, { socketAnswers: answers });
        },
        source,
        `ws://127.0.0.1:${server.address.port}${channel.path}`,
      );
      const answers = () => fixture.page.evaluate(() => (window as unknown as { socketAnswers: FromFrameWorker[] }).socketAnswers);
      await waitFor(() => channel.send({ tileId: 'tile-1', pageWidth: 640, pageHeight: 400, sequence: 1 }, blue), 'the worker to connect');
      assert.ok(channel.send({ tileId: 'tile-1', pageWidth: 640, pageHeight: 400, sequence: 2 }, red));
      // A frame for a tile the canvas has not handed over (or no longer has): dropped, and answered.
      assert.ok(channel.send({ tileId: 'tile-2', pageWidth: 640, pageHeight: 400, sequence: 1 }, blue));
      const all = await waitFor(async () => (await answers()).length >= 3 && answers(), 'an answer per frame');
      const shown = all.filter((answer) => answer.type === 'shown');
      assert.equal(all.length, 3, 'one answer per frame');
      assert.equal(shown.at(-1)?.sequence, 2, 'the newest frame shown last');
      assert.ok(shown.every((answer) => answer.transport === 'socket'), 'each says it came on the socket');
      assert.deepEqual(all.find((answer) => answer.tileId === 'tile-2'), { type: 'dropped', tileId: 'tile-2', transport: 'socket' });
      await waitFor(() => answeredOnSocket.length >= 3, 'the answers on the socket');
      const drawn = (tileId: string) => ({ type: 'frameDrawn', tileId });
      assert.deepEqual(
        [...answeredOnSocket].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        [drawn('tile-1'), drawn('tile-1'), drawn('tile-2')],
        'the host hears of each frame on the socket',
      );
      const colour = await fixture.page.evaluate(async () => {
        const image = document.getElementById('socket-tile') as HTMLCanvasElement;
        const probe = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true })!;
        const middle = () => {
          probe.drawImage(image, image.width / 2, image.height / 2, 1, 1, 0, 0, 1, 1);
          return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
        };
        for (const start = performance.now(); middle()[0] < 180 && performance.now() - start < 3000; ) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        return middle();
      });
      const [r, g, b] = colour;
      assert.ok(r > 180 && g < 60 && b < 60, `the page image shows the last frame (red), got ${colour}`);

      // The host closes the connection (as when it finds it dead): the worker connects again.
      channel.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await waitFor(() => channel.send({ tileId: 'tile-1', pageWidth: 640, pageHeight: 400, sequence: 3 }, blue), 'the worker to connect again');
      await waitFor(async () => (await answers()).length >= 4, 'the answer to that frame');
      assert.deepEqual((await answers()).at(-1), { type: 'shown', tileId: 'tile-1', width: 640, height: 400, pageWidth: 640, pageHeight: 400, sequence: 3, transport: 'socket' }, 'a frame on the new connection is shown');
    } finally {
      server.dispose();
    }
  });
});
