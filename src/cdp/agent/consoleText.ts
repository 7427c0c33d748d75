import type { Protocol } from 'devtools-protocol';

// A console call's arguments as one line of text, the way DevTools' console prints them: a format
// string's %s / %d / %o filled in, objects by their preview.

/** One preview property: `name: value` in an object, `value` in an array. */
function propertyText(property: Protocol.Runtime.PropertyPreview, inArray: boolean): string {
  const value = property.type === 'string' ? JSON.stringify(property.value ?? '') : (property.value ?? property.type);
  return inArray ? value : `${property.name}: ${value}`;
}

function previewText(preview: Protocol.Runtime.ObjectPreview, description: string | undefined): string {
  const isArray = preview.subtype === 'array';
  const parts = preview.properties.map((property) => propertyText(property, isArray));
  if (preview.overflow) {
    parts.push('…');
  }
  return isArray ? `[${parts.join(', ')}]` : `${description && description !== 'Object' ? `${description} ` : ''}{${parts.join(', ')}}`;
}

/** How one argument reads: strings as they are, an error with its stack, objects by preview. */
export function remoteObjectText(arg: Protocol.Runtime.RemoteObject): string {
  if (arg.type === 'string') {
    return String(arg.value);
  }
  if (arg.unserializableValue !== undefined) {
    return arg.unserializableValue;
  }
  if (arg.type === 'undefined') {
    return 'undefined';
  }
  if (arg.subtype === 'error' || arg.subtype === 'node' || arg.type === 'function') {
    return arg.description ?? arg.type;
  }
  if (arg.preview) {
    return previewText(arg.preview, arg.description);
  }
  return 'value' in arg ? JSON.stringify(arg.value) : (arg.description ?? arg.type);
}

const FORMAT_SPECIFIER = /%([sdifoOc%])/g;

/** The call's text: the first argument as a format string when it is one, the rest after it. */
export function consoleCallText(args: readonly Protocol.Runtime.RemoteObject[]): string {
  const rest = [...args];
  const texts: string[] = [];
  if (rest[0]?.type === 'string') {
    const head = String(rest.shift()!.value).replace(FORMAT_SPECIFIER, (specifier, kind: string) => {
      if (kind === '%') {
        return '%';
      }
      if (!rest.length) {
        return specifier;
      }
      const arg = rest.shift()!;
      if (kind === 'c') {
        return ''; // styling: nothing to read
      }
      const text = remoteObjectText(arg);
      return kind === 'd' || kind === 'i' ? String(Math.trunc(Number(text))) : text;
    });
    texts.push(head);
  }
  return [...texts, ...rest.map(remoteObjectText)].join(' ');
}
