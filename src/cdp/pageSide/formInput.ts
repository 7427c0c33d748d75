// Sent as source text (Runtime.callFunctionOn), so self-contained.

// Runs in our isolated world of one frame: has any field a value other than the one the page loaded
// with (input a person would lose)? Our world has its own prototypes, so a page that replaced the
// `value` or `checked` getters in its own world cannot hide what was typed. Open shadow roots count.
export function hasUnsavedInput(): boolean {
  const roots: Array<Document | ShadowRoot> = [document];
  for (let index = 0; index < roots.length; index++) {
    for (const element of roots[index].querySelectorAll('*')) {
      if (element.shadowRoot) {
        roots.push(element.shadowRoot);
      }
      const changed =
        element instanceof HTMLSelectElement ? [...element.options].some((option) => option.selected !== option.defaultSelected)
        : element instanceof HTMLTextAreaElement ? element.value !== element.defaultValue
        : element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio') ? element.checked !== element.defaultChecked
        : element instanceof HTMLInputElement && element.type !== 'hidden' && element.type !== 'password' && element.value !== element.defaultValue;
      if (changed) {
        return true;
      }
    }
  }
  return false;
}
