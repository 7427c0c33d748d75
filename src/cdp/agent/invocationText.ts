import { originOf } from '../urls';
import type { AgentBrowser } from './agentBrowser';

// How a tool call reads to the developer, at every door: the progress line, and the site a
// confirmation names.

/** How a tool reads while it runs: "Clicking e12 in session shop-1". */
const VERBS: Record<string, string> = {
  list_sessions: 'Listing sessions',
  open_session: 'Opening a session',
  navigate_page: 'Opening',
  snapshot_page: 'Reading the page',
  click_element: 'Clicking',
  type_text: 'Typing into',
  press_key: 'Pressing',
  scroll_page: 'Scrolling',
  select_option: 'Choosing in',
  hover_element: 'Hovering over',
  wait_for: 'Waiting for',
  navigate_history: 'Going',
  handle_dialog: 'Answering the dialog:',
  take_screenshot: 'Taking a screenshot of',
  evaluate_function: 'Running a function in',
  list_flows: 'Listing recorded flows',
  run_flow: 'Replaying flow',
  upload_file: 'Uploading files to',
  drag_element: 'Dragging',
  resize_viewport: 'Resizing the viewport to',
  emulate_media: 'Emulating a colour scheme:',
  console_messages: 'Reading the console',
  network_requests: 'Reading the requests',
  network_request: 'Reading request',
  save_storage_state: 'Saving storage state',
  load_storage_state: 'Loading storage state',
  session_history: 'Reading the timeline',
  hand_back: 'Handing back',
  list_pages: 'Listing the pages',
  select_page: 'Bringing to the front page',
  new_page: 'Opening a new page on',
  close_page: 'Closing page',
};

/** What a tool with no element named acts on. */
const NO_TARGET: Record<string, string> = { upload_file: 'the open file chooser', take_screenshot: 'the page' };

/** "Clicking e12 in session shop-1": the progress line of a tool call. */
export function describeInvocation(browser: AgentBrowser, toolName: string, input: Record<string, unknown>): string {
  const session = typeof input.session === 'string' ? browser.manager.get(input.session) : undefined;
  // Never the typed text itself: it may be a password.
  const what = String(
    input.ref ?? input.selector ?? input.key ?? input.url ?? input.find ?? input.option ?? input.flow ?? input.direction ?? input.action ?? input.colorScheme ?? input.name ?? input.request ?? input.level ?? (input.x !== undefined ? `(${input.x}, ${input.y})` : input.width !== undefined ? `${input.width}x${input.height}` : (NO_TARGET[toolName] ?? input.page ?? '')),
  );
  const where = session ? ` in session ${session.label}` : '';
  return `${VERBS[toolName] ?? toolName} ${what}${where}`.replace(/\s+/g, ' ').trim();
}

/** The site a call acts on: where it goes (navigate, open), else the page it names; '' if none (about:blank too). */
export function invocationOrigin(browser: AgentBrowser, toolName: string, input: Record<string, unknown>): string {
  const url = ['navigate_page', 'open_session', 'new_page'].includes(toolName) ? String(input.url ?? 'about:blank') : pageUrl(browser, input);
  const origin = url ? originOf(url) : '';
  return origin === 'null' ? '' : origin; // an opaque origin (about:blank, data:) names no site
}

/** The address of the page a call names (a short id, or the session's default page); '' when there is none. */
function pageUrl(browser: AgentBrowser, input: Record<string, unknown>): string {
  try {
    return typeof input.session === 'string' ? browser.target(input.session, typeof input.page === 'string' ? input.page : undefined).url() : '';
  } catch {
    return ''; // no such session or page: the call itself will say so
  }
}
