// Run on one form field the agent acts on, in our isolated world (Runtime.callFunctionOn, sent as
// source text, so each is self-contained).

// Selects what the field holds, so the text typed next replaces it (elements without select() are left).
export function selectContents(this: Element): void {
  const field = this as Element & { select?: unknown };
  if (typeof field.select === 'function') {
    field.select();
  }
}

// Whether it takes files, and how many; null when it is no file input.
export function fileInput(this: Element): { multiple: boolean } | null {
  return this instanceof HTMLInputElement && this.type === 'file' ? { multiple: this.multiple } : null;
}

// A password field's name for its {{secret:…}}, as the recorder names it (recorderTyping.ts).
export function secretName(this: Element): string {
  return (this.getAttribute('name') || this.id || 'password').replace(/[^A-Za-z0-9_]+/g, '_').slice(0, 64);
}

// Its whole value after the agent typed, which is what a replay's change step sets.
export function fieldValue(this: Element): string {
  const field = this as Element & { value?: unknown };
  return typeof field.value === 'string' ? field.value : '';
}
