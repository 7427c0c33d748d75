// Run on a <select> in our isolated world (Runtime.callFunctionOn, sent as source text, so each is
// self-contained): the canvas draws the drop-down list a screencast never shows.

// Runs on the node under the pointer. A drop-down <select> (not a list box) gets focus, as a real press
// would give it, and describes itself; anything else answers null.
export function describeSelect(this: Element) {
  const select = this.closest('select');
  if (!select || select.disabled || select.multiple || select.size > 1) {
    return null;
  }
  select.focus();
  const box = select.getBoundingClientRect();
  const options = Array.from(select.options, (option) => {
    const group = option.parentElement instanceof HTMLOptGroupElement ? option.parentElement : undefined;
    return { label: option.label || option.text, value: option.value, disabled: option.disabled || !!group?.disabled, group: group?.label };
  });
  return { options, selectedIndex: select.selectedIndex, x: box.x, y: box.y, width: box.width, height: box.height };
}

// Chooses as a person would: the value changes, then `input` and `change` fire; choosing the current
// option changes nothing and fires nothing.
export function chooseIndex(this: Element, index: number) {
  const select = this.closest('select');
  const option = select?.options[index];
  if (!select || !option || option.disabled) {
    return false;
  }
  if (select.selectedIndex !== index) {
    select.selectedIndex = index;
    select.dispatchEvent(new Event('input', { bubbles: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }
  return true;
}
