import * as assert from 'node:assert/strict';
import type { AxItem } from '../../src/cdp/agent/axTree';
import { renderSnapshot } from '../../src/cdp/agent/snapshotText';

function item(role: string, name: string, more: Partial<AxItem> = {}): AxItem {
  return { role, name, attributes: [], frameId: 'main', actionable: ['button', 'link', 'textbox', 'checkbox'].includes(role), children: [], ...more };
}
/** Renders with refs numbered from e1 in the order elements are shown, as a fresh RefTable would. */
function render(items: AxItem[], options: { maxChars?: number; find?: string } = {}) {
  const refs = new Map<AxItem, string>();
  const refFor = (element: AxItem) => refs.get(element) ?? refs.set(element, `e${refs.size + 1}`).get(element)!;
  return renderSnapshot(items, { maxChars: options.maxChars ?? 10_000, find: options.find, refFor });
}

const form = [
  item('heading', 'Sign up', { attributes: [['level', '1']] }),
  item('form', 'Account', {
    children: [
      item('textbox', 'Email', { attributes: [['value', 'a@b.example'], ['required', 'true']] }),
      item('checkbox', 'Send me news', { attributes: [['checked', 'false']] }),
      item('button', 'Create account'),
      item('text', 'By signing up you agree to the terms'),
    ],
  }),
];
const rows = Array.from({ length: 40 }, (_, index) => item('row', `Order ${index + 1}`, { children: [item('cell', `Total ${index * 10} EUR`), item('button', 'Refund')] }));

// [what, items, options, the snapshot's text (or what it must say), elements with refs, elements left out]
const TABLE: ReadonlyArray<readonly [string, AxItem[], { maxChars?: number; find?: string }, string | RegExp, number, number]> = [
  [
    'a form: roles, names, attributes, refs on what can be acted on, text as text',
    form,
    {},
    [
      '- heading "Sign up" [level=1]',
      '- form "Account":',
      '  - textbox "Email" [value="a@b.example"] [required] [ref=e1]',
      '  - checkbox "Send me news" [checked="false"] [ref=e2]',
      '  - button "Create account" [ref=e3]',
      '  - text: "By signing up you agree to the terms"',
    ].join('\n'),
    3,
    0,
  ],
  ['a long list: its head and tail, and how many were folded', [item('table', 'Orders', { children: rows })], {}, /- row "Order 10":\n(.|\n)*  - … 27 more rows \(snapshot_page with "find" shows the ones you need\)\n  - row "Order 38":/, 13, 81],
  ['"find": the matching row whole, inside its ancestors', [item('table', 'Orders', { children: rows })], { find: 'total 370' }, '- table "Orders":\n  - row "Order 38":\n    - cell "Total 370 EUR"\n    - button "Refund" [ref=e1]', 1, 0],
  ['"find" with no match says so', form, { find: 'password' }, '- nothing on the page mentions "password"', 0, 0],
  ['the size limit: cut, saying how much is left out', form, { maxChars: 60 }, /^- heading "Sign up" \[level=1\]\n- form "Account":\n- … cut at 60 characters; 4 elements not shown/, 0, 4],
  ['an element holding only text says it on its own line', [item('paragraph', '', { children: [item('text', '© Example Ltd')] }), item('listitem', '', { children: [item('text', 'Q3 plan'), item('button', 'Delete')] })], {}, '- paragraph: "© Example Ltd"\n- listitem:\n  - text: "Q3 plan"\n  - button "Delete" [ref=e1]', 1, 0],
  ['a name past 120 characters is cut', [item('link', 'x'.repeat(200))], {}, new RegExp(`^- link "${'x'.repeat(120)}…" \\[ref=e1\\]$`), 1, 0],
];

describe('snapshot text', () => {
  for (const [what, items, options, expected, actionable, omitted] of TABLE) {
    it(what, () => {
      const snapshot = render(items, options);
      if (typeof expected === 'string') {
        assert.equal(snapshot.text, expected);
      } else {
        assert.match(snapshot.text, expected);
      }
      assert.deepEqual({ actionable: snapshot.text.split('[ref=').length - 1, omitted: snapshot.omitted }, { actionable, omitted });
    });
  }
});
