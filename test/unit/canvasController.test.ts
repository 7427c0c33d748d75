/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { LivePages } from '../../src/cdp/livePages';
import { CanvasController, CanvasHost } from '../../src/extension/canvas/canvasController';
import type { HostMessage } from '../../src/webview/protocol';
import { malformedMessages, validWebviewMessages } from '../support/messageFuzz';
import { sessionOnPage, tempStorage, waitFor } from './support';

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
    const host: CanvasHost = {
      post: (message) => posted.push(message),
      readClipboard: async () => (effects.push('readClipboard'), 'pasted'),
      writeClipboard: async () => void effects.push('writeClipboard'),
      runCommand: (command) => effects.push(command),
      pickFiles: async () => (effects.push('pickFiles'), filesToGive),
      loadLayout: () => undefined,
      saveLayout: () => effects.push('saveLayout'),
      warn: (text) => warnings.push(text),
    };
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
