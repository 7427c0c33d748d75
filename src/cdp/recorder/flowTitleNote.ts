import { placeholdersOf } from './flowPlaceholders';
import type { UserFlow } from './flowSchema';

// Chrome DevTools' Recorder and @puppeteer/replay type a {{secret:NAME}} as it is, and the flow then
// fails steps later with no word of a secret. Both show a flow's title (the Recorder's list of
// recordings, the runner's report), so a flow file's title says what to fill in. The library reads
// it back without, so our own views and replay never see it.
const NOTE = / \(replace \{\{secret:[^)]*\}\} first, or replay in Browser Canvas\)$/;

/** The title as the developer named the flow. */
export function plainTitle(title: string): string {
  return title.replace(NOTE, '');
}

/** The flow as it is saved: its title names its secrets for other runners while it has any. */
export function titledForOtherRunners(flow: UserFlow): UserFlow {
  const title = plainTitle(flow.title);
  const { secrets } = placeholdersOf({ ...flow, title: '' });
  const names = secrets.map((name) => `{{secret:${name}}}`).join(', ');
  return { ...flow, title: secrets.length ? `${title} (replace ${names} first, or replay in Browser Canvas)` : title };
}
