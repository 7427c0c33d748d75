import { errorMessage } from '../errors';
import type { FlowEntry } from '../recorder/flowLibrary';
import { withVariables } from '../recorder/flowPlaceholders';
import type { UserFlow } from '../recorder/flowSchema';
import type { AgentBrowser } from './agentBrowser';
import { named, tool } from './agentTool';
import { AgentError } from '../action/agentError';
import { checkOrigin } from './originPolicy';

// The developer's recorded flows, for the agent: what there is, and a replay of one into a session.

/** The developer's flows folder, or an error a model (or the developer in chat) can read. */
export function flowLibraryOf(browser: AgentBrowser) {
  const flows = browser.options.flows?.();
  if (!flows) {
    throw new AgentError('INVALID_INPUT', 'There is no flows folder: the developer has not recorded any flow.');
  }
  return flows;
}

function describe(entry: FlowEntry): string {
  if (!entry.flow) {
    return `- ${entry.name}: cannot be replayed: ${entry.problem}`;
  }
  const needs = [
    entry.needs?.variables.length ? `variables ${entry.needs.variables.join(', ')}` : '',
    entry.needs?.secrets.length ? `secrets ${entry.needs.secrets.join(', ')} (filled in from the developer's store)` : '',
  ].filter(Boolean);
  return `- ${entry.name}: "${entry.flow.title}", ${entry.flow.steps.length} steps${needs.length ? `; needs ${needs.join('; ')}` : ''}`;
}

/** The agent may not replay its way to a site it could not navigate to. */
function checkNavigations(browser: AgentBrowser, flow: UserFlow, variables: Readonly<Record<string, string>>): void {
  for (const step of flow.steps) {
    if (step.type === 'navigate') {
      const url = withVariables(step.url, variables);
      if (!URL.canParse(url)) {
        throw new AgentError('INVALID_INPUT', `The flow goes to "${url}", which is not an address: give its variables values that make one.`);
      }
      checkOrigin(url, browser.options.origins());
    }
  }
}

export const flowTools = [
  tool({
    name: 'list_flows',
    description: 'Lists the flows the developer recorded (replayable step lists, e.g. "log in", "fill the checkout form"): name, title, number of steps, and the variables and secrets each needs. Run one with run_flow instead of repeating its steps one by one.',
    sideEffect: false,
    async run(browser) {
      const entries = await flowLibraryOf(browser).list();
      return { text: entries.length ? entries.map(describe).join('\n') : 'There are no recorded flows yet.' };
    },
  }),
  tool({
    name: 'run_flow',
    description: "Replays a recorded flow (from list_flows) into a page of a session you hold, as the developer recorded it, and waits for the end. Pass values for its variables; its secrets come from the developer's store, never ask for them. Stops at the first failing step, naming it. Take a snapshot_page afterwards to see where it ended.",
    sideEffect: true,
    destructive: true,
    openWorld: true,
    async run(browser, input, actor) {
      const flow = await flowLibraryOf(browser)
        .read(input.flow)
        .catch((error: unknown) => {
          throw new AgentError('INVALID_INPUT', `${errorMessage(error)} Call list_flows for the flows there are.`);
        });
      if (actor !== 'developer') {
        checkNavigations(browser, flow, input.variables ?? {});
      }
      const { steps } = await browser.replay(input.session, flow, { pageId: input.page, variables: input.variables }, actor);
      return { text: `Replayed "${flow.title}" (${steps} steps) in session ${named(browser, input.session)}.` };
    },
  }),
] as const;
