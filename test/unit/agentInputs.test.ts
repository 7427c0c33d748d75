/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { isAgentError } from '../../src/cdp/action/agentError';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import { describeInvocation } from '../../src/cdp/agent/invocationText';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { LivePages } from '../../src/cdp/livePages';
import { CanvasController } from '../../src/canvasHost/canvasController';
import type { HostMessage } from '../../src/contract/protocol';
import { BOARD_PAGE, DRAG_PAGE, LONG_PAGE, UPLOAD_PAGE } from '../support/agentFixtures';
import { stubCanvasHost } from '../support/canvasHost';
import { sessionOnPage, tempStorage, waitFor } from './support';

// A file dropped on a bare box: the page listens on it, but it has no role, name or text to find it by.
// Beside it, a box just as plain that takes no drop.
const DROP_BOX_PAGE = `<!doctype html><title>Drop box</title>
<div id="card" draggable="true" style="width:120px;padding:8px;border:1px solid">Invoice.pdf</div>
<div id="decoy" style="margin:20px;width:200px;height:120px;background:#eee"></div>
<div id="box" style="margin:20px;width:200px;height:120px;border:2px dashed"></div>
<script>
card.addEventListener('dragstart', (event) => event.dataTransfer.setData('text/plain', 'invoice'));
box.addEventListener('dragover', (event) => event.preventDefault());
box.addEventListener('drop', (event) => { event.preventDefault(); document.title = 'dropped ' + event.dataTransfer.getData('text/plain'); });
</script>`;

describe('agent input tools', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;
  let session: string;
  let allowed: string;
  let outside: string;
  let uploadFolders: string[];

  const call = async (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> => findTool(name)!.run(browser, parseToolInput(name, { session, ...input }) as never);
  const goTo = (pathname: string) => call('navigate_page', { url: `${fixture.site.url}${pathname}` });
  const evaluate = <T>(fn: () => T) => fixture.page.evaluate(fn);
  const chosen = () => evaluate(() => [...document.querySelectorAll('#chosen li')].map((item) => item.textContent));
  /** Width, height and the share of pixels of one colour, decoded by the page's own browser. */
  const pixels = (image: Buffer, rgb: [number, number, number]) =>
    fixture.page.evaluate(
      async (data, [r, g, b]) => {
        const picture = new Image();
        picture.src = `data:image/png;base64,${data}`;
        await picture.decode();
        const canvas = document.createElement('canvas');
        Object.assign(canvas, { width: picture.width, height: picture.height });
        const context = canvas.getContext('2d')!;
        context.drawImage(picture, 0, 0);
        const bytes = context.getImageData(0, 0, picture.width, picture.height).data;
        let same = 0;
        for (let i = 0; i < bytes.length; i += 4) {
          same += Math.abs(bytes[i] - r) < 8 && Math.abs(bytes[i + 1] - g) < 8 && Math.abs(bytes[i + 2] - b) < 8 ? 1 : 0;
        }
        return { width: picture.width, height: picture.height, share: same / (bytes.length / 4), ratio: devicePixelRatio };
      },
      image.toString('base64'),
      rgb,
    );

  before(async () => {
    fixture = await sessionOnPage({ '/upload': UPLOAD_PAGE, '/drag': DRAG_PAGE, '/board': BOARD_PAGE, '/long': LONG_PAGE, '/drop-box': DROP_BOX_PAGE }, '/upload');
    session = fixture.sessionId;
    const root = tempStorage('bc-uploads-');
    allowed = path.join(root, 'allowed');
    outside = path.join(root, 'outside');
    mkdirSync(allowed);
    mkdirSync(outside);
    writeFileSync(path.join(allowed, 'a.txt'), 'alpha');
    writeFileSync(path.join(allowed, 'b.txt'), 'beta');
    writeFileSync(path.join(outside, 'secret.txt'), 'the private key');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(allowed, 'innocent.txt'));
    uploadFolders = [allowed];
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }), uploadFolders: () => uploadFolders });
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  it('refuses each of them on a session the developer holds, and leaves the page alone', async () => {
    const before = await evaluate(() => ({ url: location.href, size: [innerWidth, innerHeight], dark: matchMedia('(prefers-color-scheme: dark)').matches }));
    for (const [name, input] of [
      ['upload_file', { selector: '#avatar', paths: [path.join(allowed, 'a.txt')] }],
      ['upload_file', { paths: [path.join(allowed, 'a.txt')] }],
      ['drag_element', { selector: '#attach', toX: 10, toY: 10 }],
      ['take_screenshot', { selector: '#attach' }],
      ['resize_viewport', { width: 400, height: 300 }],
      ['emulate_media', { colorScheme: 'dark' }],
    ] as const) {
      await assert.rejects(call(name, input), (error) => isAgentError(error, 'DEVELOPER_HOLDS'), name);
    }
    assert.deepEqual(await evaluate(() => ({ url: location.href, size: [innerWidth, innerHeight], dark: matchMedia('(prefers-color-scheme: dark)').matches })), before);
    assert.deepEqual(await chosen(), []);
  });

  it('reads each call to the developer (progress line, confirmation) as what it does', () => {
    const label = fixture.manager.get(session)!.label;
    const read = (name: string, input: Record<string, unknown>) => describeInvocation(browser, name, { session, ...input });
    assert.deepEqual(
      [
        read('upload_file', { paths: ['a.txt'] }),
        read('upload_file', { ref: 'e3', paths: ['a.txt'] }),
        read('drag_element', { selector: '#thumb', toX: 1, toY: 2 }),
        read('take_screenshot', {}),
        read('resize_viewport', { width: 420, height: 360 }),
        read('emulate_media', { colorScheme: 'dark' }),
      ],
      ['Uploading files to the open file chooser', 'Uploading files to e3', 'Dragging #thumb', 'Taking a screenshot of the page', 'Resizing the viewport to 420x360', 'Emulating a colour scheme: dark'].map((text) => `${text} in session ${label}`),
    );
  });

  describe('once the developer hands the session over', function () {
    before(() => browser.control.handToAgent(session));

    it('uploads into a file input by ref, and the page reads the files', async () => {
      const snapshot = (await call('snapshot_page', {})).untrusted!.content;
      const avatar = /button "Avatar" .*\[ref=(e\d+)\]/.exec(snapshot)?.[1];
      assert.ok(avatar, snapshot);
      const result = await call('upload_file', { ref: avatar, paths: ['a.txt'] });
      assert.equal(result.text, `Gave one file to ${avatar}.`);
      await waitFor(async () => (await chosen()).length === 1, 'the page to read the file');
      assert.deepEqual(await chosen(), ['avatar: a.txt = alpha']);
      await assert.rejects(call('upload_file', { ref: avatar, paths: ['a.txt', 'b.txt'] }), (error) => isAgentError(error, 'INVALID_INPUT') && /takes one file; you gave 2/.test(error.message));
      await assert.rejects(call('upload_file', { selector: '#attach', paths: ['a.txt'] }), (error) => isAgentError(error, 'NOT_ACTIONABLE') && /not a file input/.test(error.message));
    });

    it('refuses files outside the allowed folders, through a link too, naming the setting', async () => {
      for (const file of [path.join(outside, 'secret.txt'), 'innocent.txt', '../outside/secret.txt']) {
        await assert.rejects(call('upload_file', { selector: '#documents', paths: [file] }), (error) => isAgentError(error, 'INVALID_INPUT') && /outside the folders the developer allows.*browserCanvas\.agent\.uploadFolders/.test(error.message), file);
      }
      await assert.rejects(call('upload_file', { selector: '#documents', paths: ['missing.txt'] }), (error) => isAgentError(error, 'NOT_FOUND'));
      uploadFolders = [];
      await assert.rejects(call('upload_file', { selector: '#documents', paths: [path.join(allowed, 'a.txt')] }), (error) => isAgentError(error, 'INVALID_INPUT') && /allows no folder.*browserCanvas\.agent\.uploadFolders/.test(error.message));
      uploadFolders = [allowed];
      assert.deepEqual(await chosen(), ['avatar: a.txt = alpha'], 'nothing more reached the page');
    });

    it('says when a click opened a file chooser, and answers that chooser', async () => {
      await assert.rejects(call('upload_file', { paths: ['a.txt'] }), (error) => isAgentError(error, 'NOT_FOUND') && /No file chooser is open/.test(error.message));
      const plain = await call('click_element', { selector: 'h1' });
      assert.doesNotMatch(plain.text, /file chooser/);
      const clicked = await call('click_element', { selector: '#attach' });
      assert.match(clicked.text, /A file chooser opened for one or more files: answer it with upload_file, giving no ref or selector\./);
      const result = await call('upload_file', { paths: [path.join(allowed, 'a.txt'), 'b.txt'] });
      assert.match(result.text, /^Gave 2 files to the open file chooser/);
      await waitFor(async () => (await chosen()).length === 3, 'the page to read both files');
      assert.deepEqual((await chosen()).slice(1), ['hidden: a.txt = alpha', 'hidden: b.txt = beta']);
      await assert.rejects(call('upload_file', { paths: ['a.txt'] }), (error) => isAgentError(error, 'NOT_FOUND'), 'an answered chooser is gone');
    });

    it('says when a key opened a file chooser too', async () => {
      await goTo('/upload');
      assert.equal((await call('press_key', { key: 'Tab' })).text, 'Pressed Tab.');
      assert.equal(await evaluate(() => document.activeElement?.id), 'avatar');
      assert.match((await call('press_key', { key: 'Space' })).text, /^Pressed Space\. A file chooser opened for one file: answer it with upload_file/);
      await call('upload_file', { paths: ['b.txt'] });
      await waitFor(async () => (await chosen()).length === 1, 'the page to read the file');
      assert.deepEqual(await chosen(), ['avatar: b.txt = beta']);
    });

    it('drags an item of an HTML5 drag-and-drop list onto another', async () => {
      await goTo('/drag');
      const result = await call('drag_element', { selector: '#list li:nth-child(3)', toSelector: '#list li:nth-child(1)' });
      assert.match(result.text, /Dragged #list li:nth-child\(3\) to #list li:nth-child\(1\) .*\(HTML5 drag and drop\)/);
      assert.deepEqual(await evaluate(() => [...document.querySelectorAll('#list li')].map((item) => item.textContent)), ['Cheese', 'Apples', 'Bread']);
    });

    it('drags a pointer-driven slider to a point, and leaves the mouse released', async () => {
      const end = await evaluate(() => {
        const box = document.getElementById('track')!.getBoundingClientRect();
        return { x: Math.round(box.right + 20), y: Math.round(box.top + box.height / 2) };
      });
      const result = await call('drag_element', { selector: '#thumb', toX: end.x, toY: end.y });
      assert.match(result.text, /\(mouse drag\)/);
      assert.equal(await evaluate(() => document.getElementById('volume')!.textContent), '100');
      await assert.rejects(call('drag_element', { selector: '#thumb', toX: 10 }), (error) => isAgentError(error, 'INVALID_INPUT') && /Say where to drop it/.test(error.message));
      // Released: a later plain move does not carry the thumb along.
      await call('hover_element', { x: 60, y: 10 });
      assert.equal(await evaluate(() => document.getElementById('volume')!.textContent), '100');
    });

    it('moves a card to another column by refs from the snapshot, on a board of HTML5 drag and drop and on one of pointer events', async () => {
      await goTo('/board');
      const columns = () => evaluate(() => [...document.querySelectorAll('ul')].map((column) => `${column.getAttribute('aria-label')}: ${[...column.children].map((card) => card.textContent).join(', ')}`));
      const snapshot = (await call('snapshot_page', {})).untrusted!.content;
      const ref = (pattern: string) => new RegExp(`- ${pattern}[^\\n]*\\[ref=(e\\d+)\\]`).exec(snapshot)?.[1] ?? assert.fail(`no ref for ${pattern} in\n${snapshot}`);
      const html5 = await call('drag_element', { ref: ref('listitem "Write report"'), toRef: ref('list "Done"') });
      assert.match(html5.text, /\(HTML5 drag and drop\)/);
      assert.match(html5.untrusted!.content, /^e\d+ is listitem "Write report"\ne\d+ is list "Done"$/, html5.untrusted!.content);
      const pointer = await call('drag_element', { ref: ref('listitem "Book room"'), toRef: ref('list "Shipped"') });
      assert.match(pointer.text, /\(mouse drag\)/);
      assert.deepEqual(await columns(), ['To do: Fix login bug', 'Done: Set up CI, Write report', 'Backlog: Plan sprint', 'Shipped: Release 1.0, Book room']);
    });

    it('gives a ref to a bare box the page takes drops on, and drags a card onto it', async () => {
      await goTo('/drop-box');
      const snapshot = (await call('snapshot_page', {})).untrusted!.content;
      const zones = [...snapshot.matchAll(/- dropzone \[ref=(e\d+)\]/g)].map((match) => match[1]);
      assert.equal(zones.length, 1, `one drop zone (the box, not the decoy beside it) in\n${snapshot}`);
      const card = /- \w+ "Invoice.pdf" \[ref=(e\d+)\]/.exec(snapshot)?.[1] ?? assert.fail(`no ref for the card in\n${snapshot}`);
      const dragged = await call('drag_element', { ref: card, toRef: zones[0] });
      assert.match(dragged.text, /\(HTML5 drag and drop\)/);
      assert.equal(await evaluate(() => document.title), 'dropped invoice');
    });

    it('takes a screenshot of one element far down the page, of the visible part of one taller than the viewport, and refuses one off screen', async () => {
      await goTo('/long');
      const badge = await call('take_screenshot', { selector: '#badge' });
      const seen = await pixels(badge.image!, [255, 0, 0]);
      assert.deepEqual([seen.width, seen.height], [120 * seen.ratio, 60 * seen.ratio]);
      assert.equal(seen.share, 1, 'only the badge, all of it');
      assert.match(badge.text, /^Screenshot of #badge\.$/);
      const tall = await call('take_screenshot', { selector: '#tall' });
      assert.match(tall.text, /larger than the viewport: its visible part only/);
      const [width, height] = await evaluate(() => [innerWidth, innerHeight]);
      const part = await pixels(tall.image!, [0, 0, 255]);
      assert.deepEqual([part.width, part.height, part.share], [200 * part.ratio, height * part.ratio, 1]);
      assert.ok(width > 200);
      await assert.rejects(call('take_screenshot', { selector: '#away' }), (error) => isAgentError(error, 'NOT_ACTIONABLE') && /outside the viewport/.test(error.message));
    });

    it('emulates a dark colour scheme, and stops emulating', async () => {
      const background = () => evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(await background(), 'rgb(255, 255, 255)');
      assert.match((await call('emulate_media', { colorScheme: 'dark' })).text, /prefers a dark colour scheme/);
      assert.equal(await background(), 'rgb(0, 0, 0)');
      assert.match((await call('emulate_media', { colorScheme: 'no-preference' })).text, /follows the browser's own colour scheme again/);
      assert.equal(await background(), 'rgb(255, 255, 255)');
    });

    it("resizes the viewport, and the canvas tile takes the page's new size; the agent's chooser and the developer's stay apart", async () => {
      const posted: HostMessage[] = [];
      const picked: boolean[] = [];
      const host = stubCanvasHost({ post: (message) => posted.push(message), pickFiles: async () => (picked.push(true), undefined) });
      const pages = new LivePages(fixture.manager, () => undefined);
      const controller = new CanvasController(pages, fixture.manager, host);
      const drawn = setInterval(() => posted.forEach((message) => message.type === 'frame' && controller.handle({ type: 'frameDrawn', tileId: message.tileId })), 20);
      try {
        const tile = await waitFor(() => pages.list()[0], 'the page as a tile');
        controller.handle({ type: 'visibleTiles', tiles: [{ tileId: tile.targetId, width: 800, height: 600, focused: true }], pixelRatio: 1 });
        const result = await call('resize_viewport', { width: 420, height: 360 });
        assert.match(result.text, /is now 420x360\.$/);
        assert.deepEqual(await evaluate(() => [innerWidth, innerHeight]), [420, 360]);
        await waitFor(() => posted.some((message) => message.type === 'tiles' && message.tiles.some((info) => info.tileId === tile.targetId && info.width === 420 && info.height === 360)), 'the tile at the new size');

        await goTo('/upload');
        assert.match((await call('click_element', { selector: '#attach' })).text, /A file chooser opened/);
        await call('upload_file', { paths: ['a.txt'] });
        await waitFor(async () => (await chosen()).length === 1, 'the file in the page');
        assert.deepEqual(picked, [], "the developer was not asked to pick files for the agent's chooser");

        // The developer's own chooser on the tile still asks them, and is never the agent's to answer.
        await browser.control.takeBack(session);
        const at = await evaluate(() => {
          const box = document.getElementById('avatar')!.getBoundingClientRect();
          return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        });
        for (const [action, buttons] of [['mousePressed', 1], ['mouseReleased', 0]] as const) {
          controller.handle({ type: 'mouse', tileId: tile.targetId, action, ...at, button: 'left', buttons, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0 });
        }
        await waitFor(() => picked.length === 1, 'the developer to be asked for files');
        await browser.control.handToAgent(session);
        await assert.rejects(call('upload_file', { paths: ['a.txt'] }), (error) => isAgentError(error, 'NOT_FOUND') && /No file chooser is open/.test(error.message));
      } finally {
        clearInterval(drawn);
        controller.dispose();
        pages.dispose();
      }
    });
  });
});
