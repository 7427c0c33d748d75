import type { ElementNote } from './agentControl';
import type { NotePicture } from './agentTool';

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
  return { text: `; the developer points at elements for you (what each is, below): ${said}`, untrusted: pointed };
}

/** The pictures of `unshown` (the notes a model sees for the first time), numbered as elementNotesText numbers `notes`. */
export function notePictures(sessionId: string, notes: readonly ElementNote[], unshown: readonly ElementNote[]): NotePicture[] {
  return unshown.flatMap((note) => {
    const jpeg = note.element.picture;
    return jpeg ? [{ caption: `Session ${sessionId} note ${notes.indexOf(note) + 1}: the element as it looked when the developer pointed at it.`, jpeg }] : [];
  });
}
