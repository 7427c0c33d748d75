import * as assert from 'node:assert/strict';
import type { CDPSession } from 'puppeteer-core';
import { draggableNodes } from '../../src/cdp/agent/draggables';
import type { CdpClient } from '../../src/cdp/target/cdpChannel';
import { sessionOnPage } from './support';

const BOARD = '<!doctype html><ul><li draggable="true">Write report</li></ul><div id="done" ondrop="void 0">Done</div>';

describe('draggable nodes of a frame', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let client: CDPSession;
  let mainFrameId: string;

  before(async () => {
    fixture = await sessionOnPage({ '/board': BOARD }, '/board');
    client = await fixture.page.createCDPSession();
    mainFrameId = (await client.send('Page.getFrameTree')).frameTree.frame.id;
  });
  after(async () => {
    await client.detach();
    await fixture.close();
  });

  /** The page's session, with `method` failing as Chromium would answer `message`. */
  const failing = (method: string, message: string): CdpClient => ({
    send: ((name: string, params?: object) => (name === method ? Promise.reject(new Error(`Protocol error (${method}): ${message}`)) : client.send(name as 'Page.enable', params as undefined))) as CdpClient['send'],
    on: (type, handler) => client.on(type as 'Page.loadEventFired', handler),
    off: (type, handler) => client.off(type as 'Page.loadEventFired', handler),
  });

  it('finds the card that can be dragged, and none in a frame that went', async () => {
    assert.equal((await draggableNodes(client, mainFrameId)).draggable.size, 1);
    const gone = await draggableNodes(client, 'ABCDEF0123456789ABCDEF0123456789');
    assert.deepEqual([gone.draggable.size, gone.dropZones.size], [0, 0]);
  });

  it('lets a failure other than the frame going reach its caller, instead of quietly giving no cards', async () => {
    await assert.rejects(draggableNodes(failing('DOM.describeNode', 'Internal error'), mainFrameId), /DOM\.describeNode\): Internal error/);
    const removed = await draggableNodes(failing('DOM.describeNode', 'No node found for given backend id'), mainFrameId);
    assert.equal(removed.draggable.size, 0, 'a card removed meanwhile is just not there');
  });
});
