/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { BrowserCanvasError } from '../../src/cdp/errors';
import { FileChooserRequest, LivePage, PageDialog } from '../../src/cdp/livePage';
import { LivePages } from '../../src/cdp/livePages';
import { ICON_PNG, sessionOnPage, tempStorage, waitFor } from './support';

const PAGES = {
  '/one': `<!doctype html><title>One</title><a href="/two">two</a>`,
  '/two': `<!doctype html><title>Two</title>
<select id="size" style="position:absolute;left:10px;top:10px;width:200px;height:30px">
  <option>small</option><optgroup label="big"><option>large</option><option disabled>huge</option><option>giant</option></optgroup>
</select>
<p id="text" style="position:absolute;left:10px;top:100px">copy me please</p>
<input id="upload" type="file" multiple style="position:absolute;left:10px;top:150px;width:200px;height:30px">
<script>window.changes = []; size.addEventListener('change', () => changes.push(size.value));
upload.addEventListener('change', () => changes.push([...upload.files].map((file) => file.name).join(',')));</script>`,
  '/branded': `<!doctype html><title>Branded</title><link rel="icon" href="/brand.svg" type="image/svg+xml"><link rel="icon" href="/brand.png">`,
  '/brand.png': { type: 'image/png', body: ICON_PNG },
};

describe('live page', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let page: Page;
  let live: LivePage;

  before(async () => {
    fixture = await sessionOnPage(PAGES, '/one');
    page = fixture.page;
    live = await LivePage.open(await fixture.manager.connection(fixture.sessionId)!.pageModel(page.target()));
  });
  after(async () => {
    live.dispose();
    await fixture.close();
  });

  it('follows navigation: address, title and history', async () => {
    assert.equal(live.info.title, 'One');
    assert.equal(live.info.canGoForward, false);
    await live.navigate(`${fixture.site.url}/two`);
    await waitFor(() => live.info.title === 'Two', 'the title of the new page').catch((error: Error) => assert.fail(`${error.message}: ${JSON.stringify(live.info)}`));
    assert.equal(live.info.url, `${fixture.site.url}/two`);
    assert.equal(live.info.canGoBack, true);
    await live.history('back');
    await waitFor(() => live.info.title === 'One' && live.info.canGoForward, 'going back');
    await live.history('forward');
    await waitFor(() => live.info.title === 'Two', 'going forward');
  });

  it('refuses a bad address and says why a page cannot be reached', async () => {
    await assert.rejects(live.navigate('javascript:alert(1)'), (error: BrowserCanvasError) => error.code === 'INVALID_URL');
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    await assert.rejects(live.navigate(`http://127.0.0.1:${closedPort}/`), (error: BrowserCanvasError) => error.code === 'NAVIGATION_FAILED' && /ERR_CONNECTION_REFUSED/.test(error.message));
    await live.history('back'); // at once: the error page may still be replacing the renderer
    await waitFor(() => live.info.title === 'Two', 'the page before the failed one');
  });

  it('opens a bare local address over http, as the address bar does', async () => {
    await live.navigate(`${fixture.site.url.replace('http://', '')}/one`);
    await waitFor(() => live.info.title === 'One', 'the local page over http');
    assert.match(live.info.url, /^http:\/\/127\.0\.0\.1:\d+\/one$/);
    await live.navigate(`${fixture.site.url}/two`);
    await waitFor(() => live.info.title === 'Two', 'back on two');
  });

  it('resizes the page viewport to the size asked', async () => {
    await live.resize(900, 640);
    assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight]), [900, 640]);
    assert.deepEqual([live.info.width, live.info.height], [900, 640]);
  });

  it('describes a drop-down under the pointer and chooses an option as a person would', async () => {
    assert.equal(await live.openSelectAt(100, 150), undefined, 'no drop-down there');
    const popup = await live.openSelectAt(50, 25);
    assert.deepEqual(popup?.options, [
      { label: 'small', value: 'small', disabled: false },
      { label: 'large', value: 'large', disabled: false, group: 'big' },
      { label: 'huge', value: 'huge', disabled: true, group: 'big' },
      { label: 'giant', value: 'giant', disabled: false, group: 'big' },
    ]);
    assert.deepEqual([popup?.selectedIndex, popup?.x, popup?.y, popup?.width, popup?.height], [0, 10, 10, 200, 30]);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'size', 'the press focuses the drop-down');
    assert.equal(await live.closeSelect(2), false, 'a disabled option cannot be chosen');
    await live.openSelectAt(50, 25);
    assert.equal(await live.closeSelect(3), true);
    assert.deepEqual(await page.evaluate(() => [(document.getElementById('size') as HTMLSelectElement).value, (window as unknown as { changes: string[] }).changes]), ['giant', ['giant']]);
  });

  it('reports a confirm dialog and answers it', async () => {
    const seen: (PageDialog | undefined)[] = [];
    const listener = live.onDialog((dialog) => seen.push(dialog));
    try {
      await page.evaluate(() => void setTimeout(() => ((window as unknown as { answer: boolean }).answer = confirm('Delete everything?'))));
      await waitFor(() => seen.length === 1, 'the dialog to open');
      assert.deepEqual(seen[0], { kind: 'confirm', message: 'Delete everything?', defaultPrompt: '' });
      await live.answerDialog(true);
      await waitFor(() => seen.length === 2, 'the dialog to close');
      assert.equal(seen[1], undefined);
      assert.equal(await page.evaluate(() => (window as unknown as { answer: boolean }).answer), true);
    } finally {
      listener.dispose();
    }
  });

  it('lists every page of the session live: new tabs and popups appear, titles follow, closed pages go', async () => {
    const pages = new LivePages(fixture.manager, (text) => assert.fail(text));
    try {
      await waitFor(() => pages.list().length === 1, 'the open page');
      const [tile] = pages.list();
      assert.equal(tile.targetId, live.targetId);
      await tile.screencast.show({ maxWidth: 320, maxHeight: 200 }); // a tile on screen
      await page.evaluate(() => {
        document.title = 'Renamed';
        document.body.append('repainted');
      });
      await waitFor(() => pages.get(tile.targetId)?.info.title === 'Renamed', 'the new title');
      await tile.screencast.hide();
      await page.evaluate(() => void window.open('/one', '_blank'));
      const popup = await waitFor(() => pages.list().find((p) => p.targetId !== tile.targetId && p.info.title === 'One'), 'the popup');
      assert.equal(popup.info.openerId, tile.targetId, 'a popup knows its opener');
      for (const shown of [popup, tile]) {
        let frames = 0;
        const listener = shown.screencast.onFrame(() => frames++);
        await shown.screencast.show({ maxWidth: 320, maxHeight: 200 });
        await page.evaluate(() => document.body.append('repaint'));
        await waitFor(() => frames > 0, `a frame from the ${shown === popup ? 'popup' : 'opener'}`);
        await shown.screencast.hide();
        listener.dispose();
      }
      await popup.close();
      await waitFor(() => pages.list().length === 1, 'the closed popup to go');
    } finally {
      pages.dispose();
    }
  });

  it('hands a file chooser to the editor and gives the page the files chosen', async () => {
    const requests: FileChooserRequest[] = [];
    const listener = live.onFileChooser((request) => requests.push(request));
    try {
      const dir = tempStorage('bc-files-');
      const files = ['a.txt', 'b.txt'].map((name) => path.join(dir, name));
      files.forEach((file) => writeFileSync(file, 'x'));
      await live.input.mouse({ action: 'mousePressed', x: 50, y: 165, button: 'left', buttons: 1, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
      await live.input.mouse({ action: 'mouseReleased', x: 50, y: 165, button: 'left', buttons: 0, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
      const [request] = await waitFor(() => requests.length > 0 && requests, 'the file chooser');
      assert.equal(request.multiple, true);
      await request.choose(files);
      await waitFor(() => page.evaluate(() => (window as unknown as { changes: string[] }).changes.includes('a.txt,b.txt')), 'the files in the input');
    } finally {
      listener.dispose();
    }
  });

  it('reads the selected text for copying', async () => {
    await page.evaluate(() => getSelection()!.selectAllChildren(document.getElementById('text')!));
    assert.equal(await live.selectedText(), 'copy me please');
  });

  it('loads the icon the page names, through the page, and none for a site without one', async () => {
    await page.goto(`${fixture.site.url}/branded`);
    await waitFor(() => live.favicon, 'the icon');
    assert.equal(live.favicon!.url, `${fixture.site.url}/brand.png`, 'a bitmap icon is preferred to an SVG one');
    assert.deepEqual(live.favicon!.data, ICON_PNG);
    await page.goto(`${fixture.site.url}/one`); // no <link rel=icon>, and /favicon.ico is 404
    await waitFor(() => live.favicon === undefined, 'no icon');
  });
});
