import { z } from 'zod';
import { PLACEHOLDER_NAME } from '../recorder/flowPlaceholders';

// The input of every agent tool, as zod schemas: validated on arrival, and the source of the JSON
// schemas in package.json (scripts/toolManifest.ts writes them; a unit test checks they match).

const session = z.string().min(1).max(64).describe('The session id, from list_sessions.');
const page = z.string().min(1).max(64).optional().describe("The page id, from list_pages (e.g. \"5F3A\"). Default: the session's default page (select_page, new_page), else its first.");
const ref = z.string().regex(/^e\d{1,7}$/).optional().describe('An element ref from the latest snapshot_page, e.g. "e12". Preferred way to pick an element.');
const selector = z.string().min(1).max(500).optional().describe('A CSS selector in the main frame, when no ref fits.');
const coordinate = z.number().min(0).max(100_000).optional();
const element = { ref, selector };
const point = { x: coordinate.describe('Viewport x in CSS pixels (vision-style click, with y).'), y: coordinate.describe('Viewport y in CSS pixels.') };

export const toolInputs = {
  list_sessions: z.strictObject({}),
  open_session: z.strictObject({
    url: z.string().min(1).max(8192).describe('The page to open, http(s) or about:blank.'),
    label: z.string().max(80).optional().describe('A short name for the session.'),
  }),
  navigate_page: z.strictObject({ session, page, url: z.string().min(1).max(8192).describe('The address to open, http(s).') }),
  snapshot_page: z.strictObject({
    session,
    page,
    find: z.string().min(1).max(200).optional().describe('Show only what mentions this text (with the rows or items around it): use it on long pages.'),
  }),
  click_element: z.strictObject({
    session,
    page,
    ...element,
    ...point,
    button: z.enum(['left', 'right', 'middle']).optional(),
    doubleClick: z.boolean().optional(),
  }),
  type_text: z.strictObject({
    session,
    page,
    ...element,
    text: z.string().max(10_000).describe('What to type.'),
    clear: z.boolean().optional().describe("Replace the field's current text."),
    submit: z.boolean().optional().describe('Press Enter afterwards.'),
  }),
  press_key: z.strictObject({ session, page, key: z.string().min(1).max(40).describe('A key or chord: "Enter", "Escape", "a", "Control+A", "Shift+Tab".') }),
  scroll_page: z.strictObject({
    session,
    page,
    ...element,
    direction: z.enum(['up', 'down', 'left', 'right']),
    amount: z.number().int().min(1).max(20_000).optional().describe('CSS pixels; default 600.'),
  }),
  select_option: z.strictObject({ session, page, ...element, option: z.string().min(1).max(500).describe('The label (or value) of the option to choose.') }),
  hover_element: z.strictObject({ session, page, ...element, ...point }),
  wait_for: z.strictObject({
    session,
    page,
    text: z.string().min(1).max(500).optional().describe('Text to appear on the page.'),
    selector: z.string().min(1).max(500).optional().describe('A CSS selector to match.'),
    gone: z.boolean().optional().describe('Wait for the text or selector to go away instead.'),
    navigation: z.boolean().optional().describe('Wait for the next page load.'),
    timeoutMs: z.number().int().min(100).max(60_000).optional().describe('Default 10000.'),
  }),
  navigate_history: z.strictObject({ session, page, direction: z.enum(['back', 'forward', 'reload']).describe('Go back or forward in the page\'s history, or reload it (also after a crash).') }),
  handle_dialog: z.strictObject({
    session,
    page,
    action: z.enum(['accept', 'dismiss']).describe('accept: OK / Leave; dismiss: Cancel / Stay.'),
    promptText: z.string().max(10_000).optional().describe('For a prompt dialog: the text to answer with.'),
  }),
  take_screenshot: z.strictObject({ session, page, ...element }),
  evaluate_function: z.strictObject({
    session,
    page,
    function: z.string().min(1).max(20_000).describe('A JavaScript function expression, e.g. "(selector) => document.querySelectorAll(selector).length". Called in the page with `args`.'),
    args: z.array(z.unknown()).max(20).optional().describe('JSON values passed to the function.'),
  }),
  list_flows: z.strictObject({}),
  run_flow: z.strictObject({
    session,
    page,
    flow: z.string().min(1).max(200).describe('The flow name, from list_flows.'),
    variables: z
      .record(z.string().regex(PLACEHOLDER_NAME), z.string().max(10_000))
      .optional()
      .describe("Values for the flow's {{variables}}, by name (list_flows says which it needs)."),
  }),
  // Files, drag and drop, the viewport (inputTools.ts).
  upload_file: z.strictObject({
    session,
    page,
    ref: ref.describe('The file input (<input type=file>), by ref from snapshot_page. Give neither ref nor selector to answer the file chooser a click opened.'),
    selector,
    paths: z.array(z.string().min(1).max(4096)).min(1).max(20).describe('The files to give, absolute or relative to the first folder the developer allows uploads from.'),
  }),
  drag_element: z.strictObject({
    session,
    page,
    ref: ref.describe('What to drag, by ref from snapshot_page.'),
    selector: selector.describe('What to drag, by CSS selector, when no ref fits.'),
    toRef: ref.describe('Where to drop it, by ref.'),
    toSelector: selector.describe('Where to drop it, by CSS selector.'),
    toX: coordinate.describe('Where to drop it: viewport x in CSS pixels (with toY).'),
    toY: coordinate.describe('Viewport y in CSS pixels.'),
  }),
  // The sizes a canvas tile may take.
  resize_viewport: z.strictObject({ session, page, width: z.number().int().min(200).max(3840).describe('CSS pixels.'), height: z.number().int().min(150).max(2160).describe('CSS pixels.') }),
  emulate_media: z.strictObject({
    session,
    page,
    colorScheme: z.enum(['light', 'dark', 'no-preference']).describe('What prefers-color-scheme says to the page; no-preference stops emulating (the browser\'s own setting again).'),
  }),
  ...observeInputs(),
  session_history: z.strictObject({
    session,
    since: z.number().int().min(0).optional().describe('Only entries after this number (#n), e.g. the "next since" of an earlier result.'),
    last: z.number().int().min(1).max(200).optional().describe('At most this many of the newest entries. Default 30.'),
  }),
  hand_back: z.strictObject({ session, message: z.string().max(2000).optional().describe('What the developer should know or do, e.g. "please solve the captcha, then hand it back".') }),
  // Pages by id (pageTools.ts).
  list_pages: z.strictObject({ session }),
  select_page: z.strictObject({ session, page: z.string().min(1).max(64).describe('The page id, from list_pages.') }),
  new_page: z.strictObject({ session, url: z.string().min(1).max(8192).optional().describe('The address to open, http(s); default about:blank.') }),
  close_page: z.strictObject({ session, page: z.string().min(1).max(64).describe('The page id, from list_pages.') }),
};

/** console_messages, network_requests / network_request (observeTools.ts), the HAR and the trace (recordingTools.ts), storage states (storageTools.ts). */
function observeInputs() {
  const stateName = z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .describe('The name of the storage state, e.g. "logged-in" (letters, digits, - and _).');
  const since = z.number().int().min(0).optional().describe('The "next since" of an earlier result: only what came after it. Default 0: everything kept.');
  return {
    console_messages: z.strictObject({
      session,
      page,
      since,
      level: z.enum(['error', 'warning', 'info', 'debug']).optional().describe('Only this level and more severe ones (error > warning > info > debug). Default: all.'),
    }),
    network_requests: z.strictObject({ session, page, since }),
    network_request: z.strictObject({ session, page, request: z.number().int().min(1).describe('The request number (#n) from network_requests.') }),
    save_network_log: z.strictObject({
      session,
      sinceMinutes: z.number().min(0.1).max(24 * 60).optional().describe('Only the requests of the last this many minutes. Default: everything since the session was connected.'),
    }),
    performance_trace: z.strictObject({ session, page, action: z.enum(['start', 'stop']).describe('start recording, or stop and save what was recorded.') }),
    save_storage_state: z.strictObject({ session, page, name: stateName }),
    load_storage_state: z.strictObject({ session, page, name: stateName }),
  };
}

export type ToolName = keyof typeof toolInputs;
export type ToolInput<N extends ToolName> = z.infer<(typeof toolInputs)[N]>;
