// The held-back rule, written once for both sides: the canvas keeps such input to itself and says
// why; the host refuses it again, whatever sent it. Types only from the protocol, so the webview's
// bundle gets no schema library from here.
import type { WebviewMessage } from './protocol';

/** What the developer does to a page: held back while the agent holds its session. */
export const PAGE_INPUT: ReadonlySet<WebviewMessage['type']> = new Set<WebviewMessage['type']>(['mouse', 'key', 'composition', 'clipboard', 'navigate', 'history', 'chooseOption', 'answerDialog', 'newPage']);

/** What a developer whose input was held back is told. */
export const HELD_BACK_NOTICE = 'The agent holds this session: click its badge to take it back.';
