import type { FlowStep, UserFlow } from './flowSchema';
import { changeWords } from './stepWords';

// `{{name}}` is a variable, given when a replay starts. `{{secret:NAME}}` is a secret: only ever a
// typed value, filled in as its step runs from the editor's secret storage, under the origin of the
// page it is typed into (a flow cannot carry a secret to another site), never written or logged.
const PLACEHOLDER = /\{\{\s*(secret:)?([A-Za-z0-9_.-]+)\s*\}\}/g;
export const PLACEHOLDER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export interface FlowPlaceholders {
  readonly variables: readonly string[];
  readonly secrets: readonly string[];
}

/** The variables and secrets a flow needs, each once, in the order they appear. */
export function placeholdersOf(flow: UserFlow): FlowPlaceholders {
  const variables = new Set<string>();
  const secrets = new Set<string>();
  for (const [, secret, name] of JSON.stringify(flow).matchAll(PLACEHOLDER)) {
    (secret ? secrets : variables).add(name);
  }
  return { variables: [...variables], secrets: [...secrets] };
}

/** `text` with the variables that have values filled in, the rest left as they are. */
export function withVariables(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (match, secret: string | undefined, name: string) => (!secret && variables[name] !== undefined ? variables[name] : match));
}

/** The secrets a typed value needs. */
export function secretsIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].flatMap(([, secret, name]) => (secret ? [name] : []));
}

/** `text` with each secret filled in by `value` (which the caller has read for its origin). */
export function withSecrets(text: string, value: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (match, secret: string | undefined, name: string) => (secret ? value(name) : match));
}

/**
 * The flow with its variables filled in, secrets left for their steps; a missing variable, or a
 * secret anywhere but a typed value, is named before anything runs. Values go in inside the parsed
 * JSON's strings, so no value can change the flow's structure.
 */
export function fillVariables(flow: UserFlow, variables: Readonly<Record<string, string>>): UserFlow {
  const missing = placeholdersOf(flow).variables.filter((name) => variables[name] === undefined);
  if (missing.length) {
    throw new Error(`The flow needs a value for ${missing.join(', ')}.`);
  }
  flow.steps.forEach((step, index) => {
    const elsewhere = JSON.stringify(step.type === 'change' ? { ...step, value: '' } : step);
    if (secretsIn(elsewhere).length) {
      throw new Error(`Step ${index + 1} (${step.type}) has a {{secret:…}} outside a typed value: a secret may only be typed into a field.`);
    }
  });
  return JSON.parse(JSON.stringify(flow), (_key, value: unknown) => (typeof value === 'string' ? withVariables(value, variables) : value)) as UserFlow;
}

/**
 * The origin of the page a recorded step acts in, as far as the flow tells (a popup's URL, else the
 * last page the first page went to); undefined for a step in an iframe, whose origin only the replay knows.
 */
export function originAt(flow: UserFlow, step: number): string | undefined {
  const at = flow.steps[step] as FlowStep & { target?: string; frame?: number[] };
  if (at.frame?.length) {
    return undefined;
  }
  let url = at.target && at.target !== 'main' ? at.target : undefined;
  for (let index = 0; index < step && !url; index++) {
    const earlier = flow.steps[step - 1 - index] as FlowStep & { target?: string; url?: string };
    if (!earlier.target || earlier.target === 'main') {
      url = earlier.assertedEvents?.find((event) => event.url)?.url ?? (earlier.type === 'navigate' ? earlier.url : undefined);
    }
  }
  return url && URL.canParse(url) ? new URL(url).origin : undefined;
}

/** A value typed during a recording, which the developer may turn into a placeholder. */
export interface RecordedValue {
  /** 0-based index of the change step. */
  readonly step: number;
  readonly value: string;
  /** The field it went into, as a person reads it, and a placeholder name made from that. */
  readonly field: string;
  readonly suggestedName: string;
  /** "typed into Email", "selected in Plan". */
  readonly action: string;
}

export function recordedValues(flow: UserFlow): RecordedValue[] {
  return flow.steps.flatMap((step, index) => {
    if (step.type !== 'change' || !step.value || [...step.value.matchAll(PLACEHOLDER)].length) {
      return [];
    }
    const field = fieldName(step);
    const suggestedName = field.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || `value${index + 1}`;
    return [{ step: index, value: step.value, field, suggestedName, action: changeWords(step, field) }];
  });
}

/** The flow with the chosen recorded values replaced by `{{name}}` or `{{secret:name}}`. */
export function withPlaceholders(flow: UserFlow, choices: ReadonlyArray<{ readonly step: number; readonly name: string; readonly secret: boolean }>): UserFlow {
  const steps = [...flow.steps];
  for (const { step, name, secret } of choices) {
    const chosen = steps[step];
    if (chosen?.type !== 'change') {
      throw new Error(`Step ${step + 1} is not a typed value.`);
    }
    if (!PLACEHOLDER_NAME.test(name)) {
      throw new Error(`"${name}" cannot name a placeholder: use letters, digits, _ . or -.`);
    }
    steps[step] = { ...chosen, value: secret ? `{{secret:${name}}}` : `{{${name}}}` };
  }
  return { ...flow, steps };
}

/** "Email" from aria/Email[role="textbox"], else the name attribute, else the first selector. */
function fieldName(step: Extract<FlowStep, { selectors: unknown }>): string {
  const flat = step.selectors.map((selector) => (Array.isArray(selector) ? selector.at(-1)! : selector));
  const aria = flat.find((selector) => selector.startsWith('aria/'))?.match(/^aria\/([^[]+)/)?.[1];
  const named = flat.map((selector) => selector.match(/\[name="?([^"\]]+)"?\]/)?.[1]).find(Boolean);
  return (aria ?? named ?? flat[0]).trim();
}
