import type { AgentBrowser } from './agentBrowser';
import { abortable } from '../action/abort';
import { named, tool } from './agentTool';
import { checkOrigin } from './originPolicy';
import { loadStorageState, readStorageState, saveStorageState, StateSummary, summary } from './storageState';

// save_storage_state / load_storage_state: a session's logins, kept under a name and put into another
// session. The values never reach the model: it reads counts, and the sites as page-given data.

function described(browser: AgentBrowser, verb: string, name: string, sessionId: string, state: StateSummary) {
  const items = state.origins.reduce((sum, origin) => sum + origin.items, 0);
  const sites = [`cookies of: ${state.cookieSites.join(', ') || '(none)'}`, `local storage of: ${state.origins.map((origin) => `${origin.origin} (${origin.items})`).join(', ') || '(none)'}`];
  return {
    text: `${verb} storage state "${name}" ${verb === 'Saved' ? 'from' : 'into'} session ${named(browser, sessionId)}: ${state.cookies} cookies, ${items} local storage items of ${state.origins.length} sites (values are never shown). The sites are below.`,
    untrusted: { origin: '', content: sites.join('\n') },
  };
}

export const storageTools = [
  tool({
    name: 'save_storage_state',
    description:
      "Saves the session's cookies and the local storage of its open pages' sites under a name, in the session's own folder (kept while the session lives). load_storage_state puts it into any session, e.g. to start another one logged in. You get counts and sites, never the values.",
    sideEffect: true,
    async run(browser, input, actor) {
      const { result } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'saveStorageState', what: input.name, actor }, (page, signal) =>
        abortable(saveStorageState(browser.manager, input.session, page.cdp, input.name), signal),
      );
      return described(browser, 'Saved', input.name, input.session, result);
    },
  }),
  tool({
    name: 'load_storage_state',
    description:
      'Loads a storage state that save_storage_state saved (in any session) into a session: its cookies, and its local storage per site (keys it has are set, others left). Navigate or reload afterwards for the page to use it. You get counts and sites, never the values.',
    sideEffect: true,
    async run(browser, input, actor) {
      const { result } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'loadStorageState', what: input.name, actor }, async (page, signal) => {
        const state = await abortable(readStorageState(browser.manager, input.session, input.name), signal);
        if (actor !== 'developer') {
          state.origins.forEach(({ origin }) => checkOrigin(origin, browser.options.origins()));
        }
        await abortable(loadStorageState(browser.manager.connection(input.session)!, page.cdp, state), signal);
        return summary(state);
      });
      return described(browser, 'Loaded', input.name, input.session, result);
    },
  }),
] as const;
