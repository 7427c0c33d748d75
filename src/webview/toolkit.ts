// The only module that imports @vscode/webview-ui-toolkit. The toolkit is deprecated upstream: to swap
// it, replace the registrations here and the `vscode-*` tags created through dom.ts toolkitElement.
import './cspNonce';
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeLink } from '@vscode/webview-ui-toolkit';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeLink());
}
