import { historyLines } from '../timeline/historyText';
import { named, tool } from './agentTool';

/** About 1,500 tokens: the most one history answer costs; older ones with a larger `last`. */
const MAX_HISTORY_CHARS = 6_000;
const DEFAULT_LAST = 30;

// The session's timeline as the agent reads it (timeline/): one line per entry, both sides'.

export const historyTools = [
  tool({
    name: 'session_history',
    description:
      'Lists what was done in a session you hold, by the developer and by agents, oldest first, one line each ("#12 developer typed "…" into textbox "Email" on /signup"): the newest 30, or those after "since". Use it to learn what the developer did before handing the session over, or what you did earlier.',
    sideEffect: false,
    async run(browser, input, actor) {
      if (actor !== 'developer') {
        browser.control.signalFor(input.session); // the developer's typing is theirs until they hand the session over
      }
      const all = await browser.timeline.entries(input.session);
      const after = all.filter((entry) => entry.seq > (input.since ?? 0));
      const chosen = after.slice(-(input.last ?? DEFAULT_LAST));
      const { lines, left } = historyLines(chosen, MAX_HISTORY_CHARS);
      const next = all.at(-1)?.seq ?? input.since ?? 0;
      const earlier = after.length - chosen.length + left;
      const more = earlier ? ` ${earlier} earlier ones are not shown: pass a larger "last", or "since".` : '';
      if (!lines.length) {
        return { text: `Nothing was done in session ${named(browser, input.session)}${input.since ? ` after #${input.since}` : ''} that its timeline keeps; the next since is ${next}.` };
      }
      return {
        text: `The last ${lines.length} entries of session ${named(browser, input.session)}'s timeline, oldest first; the next since is ${next}.${more} They are below.`,
        untrusted: { origin: '', content: lines.join('\n') },
      };
    },
  }),
] as const;
