/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { CDPSession, Page } from 'puppeteer-core';
import { LatestFrameGate } from '../../src/canvasHost/latestFrameGate';
import { Screencast, ScreencastFrame } from '../../src/cdp/screencast';
import { ANIMATED_PAGE, jpegSize, sessionOnPage, waitFor } from './support';

// A send nobody awaits that failed (an ack, a thumbnail's capture): none expected of a page that stays open.
const backgroundFailures: unknown[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failures = { warnUnlessClosed: () => (error: unknown) => void backgroundFailures.push(error) };

describe('screencast', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let page: Page;
  let client: CDPSession;

  before(async () => {
    fixture = await sessionOnPage({ '/animated': ANIMATED_PAGE }, '/animated');
    page = fixture.page;
    client = await page.createCDPSession();
  });
  after(async () => {
    await fixture.close();
  });

  it('streams the page at the size asked, restarts at a new size, and stops when hidden', async () => {
    const screencast = new Screencast(client, undefined, failures);
    const frames: ScreencastFrame[] = [];
    screencast.onFrame((frame) => frames.push(frame));
    try {
      await screencast.show({ maxWidth: 640, maxHeight: 400 });
      await waitFor(() => frames.length >= 10, 'ten frames of an animating page');
      const viewport = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      const first = frames.at(-1)!;
      assert.deepEqual({ width: first.pageWidth, height: first.pageHeight }, viewport, 'frames say which CSS viewport they show');
      assert.ok(jpegSize(first.data).width <= 640 && jpegSize(first.data).height <= 400, `frame is ${JSON.stringify(jpegSize(first.data))}`);
      assert.ok(jpegSize(first.data).width >= 600 || jpegSize(first.data).height >= 380, 'a frame uses the size it was given');

      await screencast.show({ maxWidth: 200, maxHeight: 120 });
      const before = frames.length;
      await waitFor(() => frames.length >= before + 5 && frames.slice(-3).every((f) => jpegSize(f.data).width <= 200), 'frames at the smaller size');

      await screencast.hide();
      await new Promise((resolve) => setTimeout(resolve, 200)); // frames already on the wire may land
      const stoppedAt = frames.length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal(frames.length, stoppedAt, 'a hidden tile streams nothing');
      assert.deepEqual(
        frames.map((frame) => frame.sequence),
        frames.map((_, index) => index + 1),
        'frames are numbered from 1 without a gap, across a restart, so a consumer can count the ones it skipped',
      );
    } finally {
      screencast.dispose();
    }
  });

  it('streams nothing when the panel hides at once after a focus change (the start never lands after the stop)', async () => {
    const screencast = new Screencast(client, undefined, failures);
    let frames = 0;
    screencast.onFrame(() => frames++);
    try {
      await screencast.show({ maxWidth: 320, maxHeight: 200, maxFps: 2 }); // a thumbnail: another tile has the keyboard
      // The tile takes the keyboard (it goes live), and in the same moment the panel is hidden.
      await Promise.all([screencast.show({ maxWidth: 640, maxHeight: 400 }), screencast.hide()]);
      assert.equal(screencast.streaming, false);
      const hiddenAt = frames;
      // Thirty paints of a page that changes every frame: a live stream sends a frame for most of them.
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            let painted = 0;
            const paint = () => (++painted >= 30 ? resolve() : requestAnimationFrame(paint));
            requestAnimationFrame(paint);
          }),
      );
      assert.equal(frames, hiddenAt, 'a hidden panel streams nothing');

      // Shown again, it streams: the hide left it able to start.
      await screencast.show({ maxWidth: 640, maxHeight: 400 });
      await waitFor(() => frames > hiddenAt, 'a frame after showing again');
      await screencast.hide(); // the next test shares this page's CDP session: leave no stream on it
    } finally {
      screencast.dispose();
    }
  });

  it('keeps a thumbnail small and to the rate asked, and goes back to every frame when asked', async () => {
    const screencast = new Screencast(client, undefined, failures);
    let frames = 0;
    let widest = 0;
    const outOfSequence: number[] = [];
    screencast.onFrame((frame) => {
      frames++;
      if (frame.sequence !== frames) {
        outOfSequence.push(frame.sequence);
      }
      widest = Math.max(widest, jpegSize(frame.data).width);
    });
    const countOver = async (ms: number) => {
      const start = frames;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return frames - start;
    };
    try {
      await screencast.show({ maxWidth: 320, maxHeight: 200, maxFps: 5 });
      await waitFor(() => frames >= 3, 'the first frames of the thumbnail');
      const paced = await countOver(2000);
      assert.ok(paced >= 1 && paced <= 5 * 2 + 1, `${paced} frames in 2 s at 5 fps`);
      assert.ok(widest <= 320 && widest > 0, `thumbnails are at most 320 px wide: ${widest}`);
      await screencast.show({ maxWidth: 320, maxHeight: 200 });
      const free = await countOver(2000);
      assert.ok(free > paced, `the rate came back: ${free} frames in 2 s, against ${paced} paced`);
      assert.deepEqual(outOfSequence, [], 'thumbnails and live frames are numbered in one sequence');
      assert.deepEqual(backgroundFailures, [], 'no ack or thumbnail capture failed');
    } finally {
      screencast.dispose();
    }
  });
});

describe('screencast on a HiDPI screen', function () {
  it('streams a browser launched at scale factor 2 at twice its CSS pixels', async () => {
    const fixture = await sessionOnPage({ '/animated': ANIMATED_PAGE }, '/animated', { logNetwork: false, allowRemoteEndpoints: false, deviceScaleFactor: 2 });
    const client = await fixture.page.createCDPSession();
    const screencast = new Screencast(client, undefined, failures);
    const frames: ScreencastFrame[] = [];
    screencast.onFrame((frame) => frames.push(frame));
    try {
      assert.equal(await fixture.page.evaluate(() => devicePixelRatio), 2);
      await screencast.show({ maxWidth: 4000, maxHeight: 4000 });
      const frame = await waitFor(() => frames.at(-1), 'a frame');
      assert.equal(jpegSize(frame.data).width, frame.pageWidth * 2, 'two device pixels per CSS pixel: crisp when zoomed in');
    } finally {
      screencast.dispose();
      await fixture.close();
    }
  });
});

describe('latest frame gate', () => {
  it('keeps one frame out and only the newest waiting', () => {
    const delivered: number[] = [];
    const gate = new LatestFrameGate<number>((frame) => delivered.push(frame));
    gate.push(1);
    gate.push(2);
    gate.push(3);
    assert.deepEqual(delivered, [1], 'nothing more goes out before the first is drawn');
    gate.drawn();
    assert.deepEqual(delivered, [1, 3], 'the newest waiting frame replaced the older one');
    gate.drawn();
    gate.push(4);
    assert.deepEqual(delivered, [1, 3, 4], 'with nothing out, a frame goes straight out');
    gate.push(5);
    gate.reset();
    assert.deepEqual(delivered, [1, 3, 4, 5], 'a reset forgets the frame out, which will never be answered, and sends the newest');
    gate.push(6);
    assert.deepEqual(delivered, [1, 3, 4, 5], 'the frame it sent is out');
    gate.reset();
    gate.reset();
    assert.deepEqual(delivered, [1, 3, 4, 5, 6, 6], 'a consumer that lost the frames out gets the newest again: a still page sends no other');
    gate.push(7);
    gate.drawn();
    assert.deepEqual(delivered, [1, 3, 4, 5, 6, 6, 7]);
  });

  it('keeps up to its window out, and still only the newest waiting', () => {
    const delivered: number[] = [];
    const gate = new LatestFrameGate<number>((frame) => delivered.push(frame), 3);
    [1, 2, 3, 4, 5, 6].forEach((frame) => gate.push(frame));
    assert.deepEqual(delivered, [1, 2, 3], 'three out before any answer');
    gate.drawn();
    assert.deepEqual(delivered, [1, 2, 3, 6], 'then the newest of those that waited');
    gate.drawn();
    gate.push(7);
    assert.deepEqual(delivered, [1, 2, 3, 6, 7]);
  });

  it('takes the frames out as lost when none is answered for a while and a newer one waits, and sends the newest', async () => {
    const delivered: number[] = [];
    let lost = 0;
    const gate = new LatestFrameGate<number>((frame) => delivered.push(frame), 2, () => lost++, 100);
    try {
      [1, 2, 3].forEach((frame) => gate.push(frame));
      gate.drawn(); // answers that come keep it waiting: the consumer is slow, not gone
      gate.push(4);
      await sleep(60);
      gate.drawn();
      assert.deepEqual(delivered, [1, 2, 3, 4]);
      assert.equal(lost, 0, 'no answer missing yet');

      // Frames 3 and 4 are out, and their answers never come (a channel that dropped them without closing).
      gate.push(5);
      gate.push(6);
      assert.deepEqual(delivered, [1, 2, 3, 4], 'the window is full');
      await waitFor(() => lost === 1, 'the frames out taken as lost');
      assert.deepEqual(delivered, [1, 2, 3, 4, 6], 'the newest went, and the tile shows the page as it is');
      gate.drawn();
      gate.push(7);
      gate.push(8);
      assert.deepEqual(delivered, [1, 2, 3, 4, 6, 7, 8], 'it streams again');

      // A window full with nothing newer waiting is not a loss: a still page sends nothing more.
      await sleep(200);
      assert.equal(lost, 1);
    } finally {
      gate.dispose();
    }
  });
});
