import type { Protocol } from 'devtools-protocol';
import type { DragNodes } from './draggables';

/** One node of the simplified accessibility tree a snapshot is rendered from. */
export interface AxItem {
  readonly role: string;
  readonly name: string;
  /** Shown as attributes: value, checked, level, disabled... */
  readonly attributes: ReadonlyArray<readonly [string, string]>;
  readonly backendNodeId?: number;
  readonly frameId: string;
  readonly actionable: boolean;
  readonly children: AxItem[];
}

/** Roles a person acts on; these get refs. */
const ACTIONABLE_ROLES = new Set([
  'button', 'link', 'textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'switch', 'slider', 'spinbutton',
  'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'listbox', 'treeitem', 'textarea', 'ListBoxOption',
  'PopUpButton', 'MenuListPopup', 'ToggleButton', 'scrollbar',
]);
/** Containers a person drops things into; one with a name (a column "Done", a "Photos" region) gets a ref. */
const DROP_TARGET_ROLES = new Set(['list', 'listbox', 'region', 'group', 'grid', 'table', 'tree', 'treegrid', 'tabpanel']);
/** Wrappers with nothing to say of their own: their children take their place. */
const TRANSPARENT_ROLES = new Set(['generic', 'none', 'presentation', 'LineBreak', 'InlineTextBox', 'LayoutTable', 'LayoutTableRow', 'LayoutTableCell', 'Section', 'GenericContainer', 'Div', 'LabelText', 'MenuListPopup']);
const SHOWN_PROPERTIES = ['checked', 'pressed', 'expanded', 'selected', 'disabled', 'required', 'level', 'readonly', 'invalid'];
/** Where a level says what nesting does not (a list item's is its depth, shown by indentation already). */
const LEVELLED_ROLES = new Set(['heading', 'treeitem']);

function text(value: Protocol.Accessibility.AXValue | undefined): string {
  const raw = value?.value;
  return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw).replace(/\s+/g, ' ').trim() : '';
}

/**
 * Turns one frame's `Accessibility.getFullAXTree` nodes into AxItems: ignored and empty wrappers
 * flattened. Refs go to what a person acts on: the controls, what they drag (backend node ids:
 * draggables.ts), the named containers they drop things into, and the plain boxes the page takes
 * drops on (`dropzone`).
 */
export function axItems(nodes: readonly Protocol.Accessibility.AXNode[], frameId: string, drag: DragNodes = { draggable: new Set(), dropZones: new Set() }): AxItem[] {
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const root = nodes.find((node) => !node.parentId) ?? nodes[0];
  const visit = (node: Protocol.Accessibility.AXNode, inCombobox: boolean): AxItem[] => {
    const dropZone = node.backendDOMNodeId !== undefined && drag.dropZones.has(node.backendDOMNodeId);
    // A plain box the page takes drops on has no role to say so: it is named for what it is.
    const role = dropZone && TRANSPARENT_ROLES.has(text(node.role)) ? 'dropzone' : text(node.role);
    const dragged = node.backendDOMNodeId !== undefined && (drag.draggable.has(node.backendDOMNodeId) || dropZone);
    let name = text(node.name);
    let children = withoutRepeatedLabels(
      (node.childIds ?? []).flatMap((id) => {
        const child = byId.get(id);
        return child ? visit(child, inCombobox || role === 'combobox') : [];
      }),
    );
    // A wrapper that is dragged (a <div> card) stays, to carry its ref.
    if (node.ignored || (TRANSPARENT_ROLES.has(role) && !name && !dragged) || role === 'RootWebArea') {
      return children;
    }
    // A bullet or number says nothing the list does not.
    if (role === 'ListMarker') {
      return [];
    }
    if (role === 'StaticText') {
      return name ? [{ role: 'text', name, attributes: [], frameId, actionable: false, children: [] }] : [];
    }
    const attributes: Array<[string, string]> = [];
    const value = text(node.value);
    if (value && value !== name) {
      attributes.push(['value', value]);
    }
    for (const property of node.properties ?? []) {
      const shown = text(property.value);
      if (SHOWN_PROPERTIES.includes(property.name) && shown && shown !== 'false' && (property.name !== 'level' || LEVELLED_ROLES.has(role))) {
        attributes.push([property.name, shown]);
      }
    }
    const focusable = node.properties?.some((property) => property.name === 'focusable' && property.value.value === true) ?? false;
    const control = ACTIONABLE_ROLES.has(role) || (focusable && role !== 'Iframe');
    // A drop-down's options are shown for their labels; select_option acts on the drop-down itself.
    const actionable = node.backendDOMNodeId !== undefined && !(inCombobox && role === 'option') && (control || dragged || (DROP_TARGET_ROLES.has(role) && name !== ''));
    // A card or list item has no name of its own: its text names it, as a person reads it.
    if (actionable && !name && children.length > 0 && children.every((child) => child.role === 'text')) {
      name = children.map((child) => child.name).join(' ');
      children = [];
    }
    // Nothing to say and nothing to act on (an empty status line or paragraph); an iframe stays, to hold its frame.
    if (!actionable && !name && attributes.length === 0 && children.length === 0 && role !== 'Iframe') {
      return [];
    }
    // A control whose only text is its own name says it once; a cell holding just a button is the button.
    const ownText = children.every((child) => child.role === 'text') && children.map((child) => child.name).join(' ') === name;
    if (!actionable && attributes.length === 0 && children.length === 1 && children[0].name === name && children[0].role !== 'text') {
      return children;
    }
    return [{ role, name, attributes, backendNodeId: node.backendDOMNodeId, frameId, actionable, children: ownText ? [] : mergeText(children) }];
  };
  return root ? visit(root, false) : [];
}

/** A label's text next to the control it names is said by the control already. */
function withoutRepeatedLabels(items: AxItem[]): AxItem[] {
  const named = new Set(items.filter((item) => item.role !== 'text' && item.name).map((item) => item.name));
  return items.filter((item) => item.role !== 'text' || !named.has(item.name));
}

function mergeText(items: AxItem[]): AxItem[] {
  const merged: AxItem[] = [];
  for (const item of items) {
    const last = merged.at(-1);
    if (item.role === 'text' && last?.role === 'text') {
      merged[merged.length - 1] = { ...last, name: `${last.name} ${item.name}` };
    } else {
      merged.push(item);
    }
  }
  return merged;
}
