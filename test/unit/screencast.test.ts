/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { CDPSession, Page } from 'puppeteer-core';
import { LatestFrameGate } from '../../src/cdp/latestFrameGate';
import { Screencast, ScreencastFrame } from '../../src/cdp/screencast';
import { sessionOnPage, waitFor } from './support';

/** A page whose background changes every animation frame, as a video or a spinner would. */
const ANIMATED_PAGE = `<!doctype html><title>Animated</title><style>html,body{margin:0;height:100%}</style>
<script>let n = 0; (function paint() { document.body && (document.body.style.background = n++ % 2 ? '#00c000' : '#0000c0'); requestAnimationFrame(paint); })();</script>`;

/** Width and height from a JPEG's start-of-frame segment. */
function jpegSize(data: Buffer): { width: number; height: number } {
  assert.equal(data.readUInt16BE(0), 0xffd8, 'not a JPEG');
  for (let offset = 2; offset < data.length; ) {
    const marker = data.readUInt16BE(offset);
    if (marker === 0xffc0 || marker === 0xffc2) {
      return { height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7) };
    }
    offset += 2 + data.readUInt16BE(offset + 2);
  }
  throw new Error('no start-of-frame in the JPEG');
}

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
    const screencast = new Screencast(client);
    const frames: ScreencastFrame[] = [];
    screencast.onFrame((frame) => frames.push(frame));
    try {
      await screencast.show(640, 400);
      await waitFor(() => frames.length >= 10, 'ten frames of an animating page');
      const viewport = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      const first = frames.at(-1)!;
      assert.deepEqual({ width: first.pageWidth, height: first.pageHeight }, viewport, 'frames say which CSS viewport they show');
      assert.ok(jpegSize(first.data).width <= 640 && jpegSize(first.data).height <= 400, `frame is ${JSON.stringify(jpegSize(first.data))}`);
      assert.ok(jpegSize(first.data).width >= 600 || jpegSize(first.data).height >= 380, 'a frame uses the size it was given');

      await screencast.show(200, 120);
      const before = frames.length;
      await waitFor(() => frames.length >= before + 5 && frames.slice(-3).every((f) => jpegSize(f.data).width <= 200), 'frames at the smaller size');

      await screencast.hide();
      await new Promise((resolve) => setTimeout(resolve, 200)); // frames already on the wire may land
      const stoppedAt = frames.length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal(frames.length, stoppedAt, 'a hidden tile streams nothing');
    } finally {
      screencast.dispose();
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
    gate.push(6);
    assert.deepEqual(delivered, [1, 3, 4, 6], 'after a reset nothing waits for an answer that will never come');
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
});
