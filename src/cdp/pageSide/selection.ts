// Run in the page's main world (Runtime.evaluate of `(fn)()`, sent as source text, so self-contained).

/** An input or a textarea, whose selection is its own and not the page's; any other element has no numeric selectionStart. */
type MaybeField = Element & { selectionStart?: unknown; selectionEnd: number; value: string };

// The text selected in the page, or in its focused field.
export function selectedText(): string {
  const focused = document.activeElement as MaybeField | null;
  return focused && typeof focused.selectionStart === 'number' ? focused.value.slice(focused.selectionStart, focused.selectionEnd) : String(getSelection());
}
