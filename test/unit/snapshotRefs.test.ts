import * as assert from 'node:assert/strict';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { findTool, parseToolInput } from '../../src/cdp/agent/agentTools';
import type { ToolName } from '../../src/cdp/agent/toolInputs';
import { sessionOnPage } from './support';

// [what, the page's HTML, the elements its snapshot gives refs to (role "name"), in order]
const TABLE: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['the controls, and not the text around them', '<h1>Notes</h1><p>Some text</p><button>Save</button><a href="/docs">Docs</a><nav aria-label="Main"><a href="/">Home</a></nav>', ['button "Save"', 'link "Docs"', 'link "Home"']],
  [
    'cards marked draggable, named by their text, in the named list they can be dropped on; an unmarked item has none',
    '<ul aria-label="To do"><li draggable="true">Write report</li><li>Plain note</li></ul>',
    ['list "To do"', 'listitem "Write report"'],
  ],
  [
    'draggable markup the page hides from its own script',
    '<ul><li draggable="true">Hidden card</li></ul><script>Element.prototype.getAttribute = () => null; Document.prototype.querySelectorAll = () => [];</script>',
    ['listitem "Hidden card"'],
  ],
  [
    'the items of a list sorted with pointer events, shown with a grab cursor as sortable lists are',
    '<style>#list li { cursor: grab }</style><ul id="list"><li>First</li><li>Second</li></ul><ul><li>Not sortable</li></ul>',
    ['listitem "First"', 'listitem "Second"'],
  ],
  ['the rows of a table sorted the same way (their cells name them)', '<style>tbody tr { cursor: move }</style><table><thead><tr><th>Task</th></tr></thead><tbody><tr><td>Row one</td></tr><tr><td>Row two</td></tr></tbody></table>', ['row', 'row']],
  ['a card that is a plain box, marked draggable', '<div draggable="true">Card in a box</div>', ['group "Card in a box"']],
  ['items a library describes as sortable', '<div role="list"><div role="listitem" aria-roledescription="sortable item">Alpha</div><div role="listitem">Beta</div></div>', ['listitem "Alpha"']],
  [
    'named containers a drop lands in; unnamed ones have none',
    '<section aria-label="Photos"><p>None yet</p></section><section><p>Unnamed</p></section><fieldset><legend>Shipping</legend><p>x</p></fieldset><table aria-label="Orders"><tr><th>Order</th></tr><tr><td>1</td></tr></table><ul><li>plain</li></ul>',
    ['region "Photos"', 'group "Shipping"', 'table "Orders"'],
  ],
  [
    'a draggable card inside a shadow root',
    '<div id="host"></div><script>host.attachShadow({ mode: "open" }).innerHTML = \'<ul aria-label="Inbox"><li draggable="true">In the shadow</li></ul>\';</script>',
    ['list "Inbox"', 'listitem "In the shadow"'],
  ],
];

describe('snapshot refs: which elements a model can act on', function () {
  const pages = Object.fromEntries(TABLE.map(([, html], index) => [`/${index}`, `<!doctype html><title>Case ${index}</title>${html}`]));
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;
  let browser: AgentBrowser;
  const call = (name: ToolName, input: Record<string, unknown>) => findTool(name)!.run(browser, parseToolInput(name, { session: fixture.sessionId, ...input }) as never);

  before(async () => {
    fixture = await sessionOnPage(pages, '/0');
    browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }), uploadFolders: () => [] });
    await browser.control.handToAgent(fixture.sessionId);
  });
  after(async () => {
    browser.dispose();
    await fixture.close();
  });

  TABLE.forEach(([what, , expected], index) => {
    it(what, async () => {
      await call('navigate_page', { url: `${fixture.site.url}/${index}` });
      const snapshot = (await call('snapshot_page', {})).untrusted!.content;
      const refd = snapshot.split('\n').flatMap((line) => /^\s*- (\w+(?: "[^"]*")?).*\[ref=e\d+\]/.exec(line)?.[1] ?? []);
      assert.deepEqual(refd, expected, snapshot);
    });
  });
});
