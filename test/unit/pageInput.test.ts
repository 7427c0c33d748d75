/// <reference lib="dom" />
import * as assert from 'node:assert/strict';
import type { Page } from 'puppeteer-core';
import { KeyAction, MouseAction, PageInput } from '../../src/cdp/pageInput';
import { sessionOnPage, waitFor } from './support';

const INPUT_PAGE = `<!doctype html><title>Input</title><style>body{margin:0;height:3000px}</style>
<button id="add" style="position:absolute;left:20px;top:20px;width:120px;height:40px">add</button>
<input id="field" style="position:absolute;left:20px;top:100px;width:300px;height:30px">
<script>window.clicks = 0; window.doubles = 0; window.modified = [];
add.addEventListener('click', (e) => { clicks++; if (e.shiftKey) modified.push('shift'); });
add.addEventListener('dblclick', () => doubles++);</script>`;

const mouse = (action: MouseAction['action'], x: number, y: number, extra: Partial<MouseAction> = {}): MouseAction => ({
  action, x, y, button: 'left', buttons: action === 'mousePressed' ? 1 : 0, clickCount: 1, deltaX: 0, deltaY: 0, modifiers: 0, ...extra,
});

/** Keys as the webview captures them: Backspace types nothing, letters type themselves. */
function press(key: string, code: string, keyCode: number, text = key.length === 1 ? key : ''): KeyAction[] {
  const base = { key, code, keyCode, location: 0, autoRepeat: false, modifiers: 0 };
  return [{ ...base, action: 'keyDown', text }, { ...base, action: 'keyUp', text: '' }];
}

describe('page input', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let page: Page;
  let input: PageInput;

  before(async () => {
    fixture = await sessionOnPage({ '/input': INPUT_PAGE }, '/input');
    page = fixture.page;
    input = new PageInput(await page.createCDPSession());
  });
  after(async () => {
    await fixture.close();
  });

  it('clicks, double-clicks and shift-clicks at page coordinates', async () => {
    for (const clickCount of [1, 2]) {
      await input.mouse(mouse('mousePressed', 80, 40, { clickCount }));
      await input.mouse(mouse('mouseReleased', 80, 40, { clickCount }));
    }
    await input.mouse(mouse('mousePressed', 80, 40, { modifiers: 8 }));
    await input.mouse(mouse('mouseReleased', 80, 40, { modifiers: 8 }));
    await input.mouse(mouse('mousePressed', 300, 40)); // beside the button: no click on it
    await input.mouse(mouse('mouseReleased', 300, 40));
    const seen = await page.evaluate(() => {
      const counters = window as unknown as { clicks: number; doubles: number; modified: string[] };
      return [counters.clicks, counters.doubles, counters.modified];
    });
    assert.deepEqual(seen, [3, 1, ['shift']]);
  });

  it('types, edits with Backspace, composes with an IME and pastes into the focused field', async () => {
    await input.mouse(mouse('mousePressed', 100, 115));
    await input.mouse(mouse('mouseReleased', 100, 115));
    for (const key of [...press('H', 'KeyH', 72), ...press('x', 'KeyX', 88), ...press('Backspace', 'Backspace', 8), ...press('i', 'KeyI', 73)]) {
      await input.key(key);
    }
    await input.compose('update', 'にほ');
    await input.compose('commit', '日本');
    await input.insertText(' pasted');
    assert.equal(await page.$eval('#field', (field) => (field as HTMLInputElement).value), 'Hi日本 pasted');
  });

  it('scrolls the page with the wheel', async () => {
    await input.mouse(mouse('mouseWheel', 400, 300, { button: 'none', clickCount: 0, deltaY: 500 }));
    await waitFor(() => page.evaluate(() => scrollY >= 400), 'the page to scroll');
  });
});
