import type { FlowStep } from './flowSchema';

type ChangeStep = Extract<FlowStep, { type: 'change' }>;

/** The selectors' last parts (the element itself, past any shadow roots). */
function ownSelectors(step: ChangeStep): string[] {
  return step.selectors.map((selector) => (Array.isArray(selector) ? selector.at(-1)! : selector));
}

/**
 * Whether a change step chose an option of a `<select>` rather than typed text. The step does not
 * say (Chrome's Recorder format has no element kind): the tag of a CSS selector's last compound does,
 * else a list box role; a combobox alone could be a text field with suggestions.
 */
export function isChoice(step: ChangeStep): boolean {
  const css = ownSelectors(step).filter((selector) => !/^(aria|text|xpath|pierce)\//.test(selector));
  const tag = css.map((selector) => selector.split(/\s*[>+~\s]\s*/).at(-1)!.match(/^[a-z][a-z0-9-]*/i)?.[0]).find(Boolean);
  return tag ? tag.toLowerCase() === 'select' : ownSelectors(step).some((selector) => /^aria\/.*\[role="listbox"\]$/.test(selector));
}

/** What a change step did to `field`, as a person says it: "selected in Plan", "typed into Email". */
export function changeWords(step: ChangeStep, field: string): string {
  return isChoice(step) ? `selected in ${field}` : `typed into ${field}`;
}
