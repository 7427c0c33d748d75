import type { AgentBrowser } from './agentBrowser';
import type { ElementNote } from './agentControl';
import type { NotePicture, ToolOutput } from './agentTool';

/** A CSS selector the agent's tools take as `selector`: one level, no aria/ or text/ query. */
function cssSelector(note: ElementNote): string | undefined {
  return note.element.selectors.find((selector) => selector.length === 1 && !/^(aria|text|xpath|pierce)\//.test(selector[0]))?.[0];
}

/**
 * The developer's notes on elements for `list_sessions`: their words go in the result's own text, the
 * elements' names and selectors (page text) in its untrusted part, each numbered to match.
 */
export function elementNotesText(sessionId: string, notes: readonly ElementNote[]): { text: string; untrusted: string[] } {
  if (!notes.length) {
    return { text: '', untrusted: [] };
  }
  const said = notes.map((note, index) => `${index + 1}. ${JSON.stringify(note.note)}`).join(' ');
  const pointed = notes.map((note, index) => {
    const selector = cssSelector(note);
    const found = selector ? `selector ${JSON.stringify(selector)}` : 'find it by its role and name in snapshot_page';
    return `session ${sessionId} note ${index + 1}: page ${note.pageId}, ${note.element.label}; ${found}`;
  });
  return { text: `the developer points at elements for you (what each is, below): ${said}`, untrusted: pointed };
}

/** The pictures of `unshown` (the notes a model sees for the first time), numbered as elementNotesText numbers `notes`. */
export function notePictures(sessionId: string, notes: readonly ElementNote[], unshown: readonly ElementNote[]): NotePicture[] {
  return unshown.flatMap((note) => {
    const jpeg = note.element.picture;
    return jpeg ? [{ caption: `Session ${sessionId} note ${notes.indexOf(note) + 1}: the element as it looked when the developer pointed at it.`, jpeg }] : [];
  });
}

/**
 * The notes of every session that no model has seen yet, counted as seen: chat puts them in front of
 * the model's next request (the words, the elements fenced, the pictures), so it knows what the
 * developer means by "this button" before it lists the sessions.
 */
export function unshownNotes(browser: AgentBrowser): ToolOutput | undefined {
  const said: string[] = [];
  const pointed: string[] = [];
  const pictures: NotePicture[] = [];
  for (const record of browser.manager.list()) {
    const unshown = browser.control.takeUnshownNotes(record.id);
    if (unshown.length) {
      const notes = browser.control.notes(record.id);
      const { text, untrusted } = elementNotesText(record.id, notes);
      said.push(`In session ${record.id} (held by the ${record.controller}), ${text}`);
      pointed.push(...untrusted);
      pictures.push(...notePictures(record.id, notes, unshown));
    }
  }
  return said.length ? { text: said.join('\n'), untrusted: { origin: '', content: pointed.join('\n') }, pictures } : undefined;
}
