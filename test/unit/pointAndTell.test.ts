/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput, ToolOutput } from '../../src/cdp/agent/agentTools';
import { MAX_CROP_BYTES } from '../../src/cdp/agent/elementCrop';
import { unshownNotes } from '../../src/cdp/agent/elementNotesText';
import { toCallToolResult } from '../../src/cdp/mcp/mcpTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import type { LivePage } from '../../src/cdp/livePage';
import { LivePages } from '../../src/cdp/livePages';
import { sessionOnPage, waitFor } from './support';

// Two buttons of the same name; the page lies to main-world queries (every querySelectorAll finds
// nothing), which would make every CSS selector look ambiguous to a generator running there.
const PAY_PAGE = `<!doctype html><title>Checkout</title>
<section><h2>Card</h2><button id="pay" style="width:200px;height:50px;background:rgb(200,0,0);border:0">Pay now</button></section>
<section><h2>Wallet</h2><button id="wallet" style="width:200px;height:50px">Pay now</button></section>
<script>window.clicks = []; addEventListener('click', (event) => clicks.push(event.target.id), true);
Document.prototype.querySelectorAll = function () { return []; };</script>`;

describe('point and tell: an element the developer points at, for the agent', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;
  let pages: LivePages;
  let tile: LivePage;

  const call = (name: ToolName, input: Record<string, unknown>): Promise<ToolOutput> => findTool(name)!.run(browser, parseToolInput(name, input) as never);
  const clicks = () => fixture.page.evaluate(() => (window as unknown as { clicks: string[] }).clicks);
  /** A click in the tile at the middle of `#id`, sent as the canvas sends one. */
  const clickInTile = async (id: string) => {
    const { x, y } = await fixture.page.$eval(`#${id}`, (element) => {
      const box = element.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    const mouse = { x, y, button: 'left' as const, deltaX: 0, deltaY: 0, modifiers: 0 };
    await tile.input.mouse({ ...mouse, action: 'mouseMoved', button: 'none', buttons: 0, clickCount: 0 });
    await tile.input.mouse({ ...mouse, action: 'mousePressed', buttons: 1, clickCount: 1 });
    await tile.input.mouse({ ...mouse, action: 'mouseReleased', buttons: 0, clickCount: 1 });
  };
  const pick = async (id: string) => {
    let ready: () => void = () => undefined;
    const on = new Promise<void>((resolve) => (ready = resolve));
    const picking = browser.pickElement(fixture.sessionId, tile.targetId, new AbortController().signal, ready);
    await on;
    await clickInTile(id);
    return picking;
  };

  before(async () => {
    fixture = await sessionOnPage({ '/pay': PAY_PAGE }, '/pay');
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
    pages = new LivePages(fixture.manager, () => undefined);
    tile = await waitFor(() => pages.list()[0], 'the page as a tile');
  });
  after(async () => {
    pages.dispose();
    browser.dispose();
    await fixture.close();
  });

  it('picks what the developer clicks in the tile, which the page never gets, named by role and name with a selector that finds it', async () => {
    const picked = await pick('wallet');
    assert.ok(picked, 'an element was picked');
    assert.equal(picked.label, 'button "Pay now"');
    assert.deepEqual(await clicks(), [], 'the click that picked never reached the page');
    const css = picked.selectors.find((selector) => selector.length === 1 && !/^(aria|text)\//.test(selector[0]))?.[0];
    assert.ok(css, `a CSS selector among ${JSON.stringify(picked.selectors)}`);
    assert.equal(await fixture.page.evaluate((selector) => Document.prototype.querySelector.call(document, selector)?.id, css), 'wallet');
  });

  it('gives the agent the note with the next handoff: its words, and the element by a selector its tools take; gone once taken back', async () => {
    const picked = (await pick('pay'))!;
    browser.control.addNote(fixture.sessionId, { pageId: 'p1', element: picked, note: 'use the card, not the wallet' });
    await browser.control.handToAgent(fixture.sessionId);
    const listed = await call('list_sessions', {});
    assert.match(listed.text, /the developer points at elements for you \(what each is, below\): 1\. "use the card, not the wallet"/);
    const selector = /note 1: page p1, button "Pay now"; selector "([^"]+)"/.exec(listed.untrusted!.content)?.[1];
    assert.ok(selector, listed.untrusted!.content);
    await call('click_element', { session: fixture.sessionId, selector });
    assert.deepEqual(await clicks(), ['pay'], "the agent's click with that selector lands on the element the developer meant");

    await browser.control.takeBack(fixture.sessionId);
    assert.doesNotMatch((await call('list_sessions', {})).text, /points at elements/);
  });

  it("keeps a small picture of the element as the page shows it, which the agent gets over MCP once, with the handoff", async () => {
    const picked = (await pick('pay'))!;
    assert.ok(picked.picture && picked.picture.length <= MAX_CROP_BYTES, 'a bounded picture');
    // Decoded by the browser itself: the button's size and colour.
    const seen = await fixture.page.evaluate(async (url) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: image.naturalWidth, height: image.naturalHeight });
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const [r, g, b] = context.getImageData(4, 4, 1, 1).data;
      return { width: image.naturalWidth, height: image.naturalHeight, r, g, b };
    }, `data:image/jpeg;base64,${picked.picture.toString('base64')}`);
    assert.deepEqual({ width: seen.width, height: seen.height }, { width: 200, height: 50 });
    assert.ok(seen.r > 150 && seen.g < 60 && seen.b < 60, `the button's red: ${JSON.stringify(seen)}`);

    browser.control.addNote(fixture.sessionId, { pageId: 'p1', element: picked, note: 'this one' });
    assert.equal((await call('list_sessions', {})).pictures, undefined, 'no picture while the developer holds the session');
    await browser.control.handToAgent(fixture.sessionId);
    const first = toCallToolResult(await call('list_sessions', {})).content;
    const image = first.findIndex((part) => part.type === 'image' && part.mimeType === 'image/jpeg');
    assert.ok(image > 0, JSON.stringify(first.map((part) => part.type)));
    assert.match((first[image - 1] as { text: string }).text, new RegExp(`Session ${fixture.sessionId} note 1: the element as it looked`));
    assert.equal((first[image] as { data: string }).data, picked.picture.toString('base64'));
    const again = toCallToolResult(await call('list_sessions', {})).content;
    assert.ok(!again.some((part) => part.type === 'image'), 'the picture goes once');
    assert.match((again[0] as { text: string }).text, /1\. "this one"/, 'the words stay');
    await browser.control.takeBack(fixture.sessionId);
  });

  it("puts new notes in front of chat's next request once, picture included, and the handoff's listing does not repeat the picture", async () => {
    const picked = (await pick('wallet'))!;
    browser.control.addNote(fixture.sessionId, { pageId: 'p1', element: picked, note: 'not this one' });
    const pending = unshownNotes(browser);
    assert.match(pending?.text ?? '', new RegExp(`In session ${fixture.sessionId} \\(held by the developer\\), the developer points at elements for you \\(what each is, below\\): 1\\. "not this one"`));
    assert.match(pending!.untrusted!.content, /note 1: page p1, button "Pay now"; selector/);
    assert.deepEqual(pending!.pictures?.map((picture) => picture.jpeg), [picked.picture]);
    assert.equal(unshownNotes(browser), undefined, 'once');
    await browser.control.handToAgent(fixture.sessionId);
    const listed = await call('list_sessions', {});
    assert.match(listed.text, /1\. "not this one"/);
    assert.equal(listed.pictures, undefined, 'the model saw it in chat already');
    await browser.control.takeBack(fixture.sessionId);
  });

  it('stops picking when cancelled: the next click reaches the page', async () => {
    const cancel = new AbortController();
    let ready: () => void = () => undefined;
    const on = new Promise<void>((resolve) => (ready = resolve));
    const picking = browser.pickElement(fixture.sessionId, tile.targetId, cancel.signal, ready);
    await on;
    cancel.abort();
    assert.equal(await picking, undefined);
    await clickInTile('wallet');
    await waitFor(async () => (await clicks()).includes('wallet'), 'the click in the page');
  });
});
