import type * as vscode from 'vscode';

const KEY = 'browserCanvas.flowVariables';

/**
 * The values of each flow's {{variables}} (never a secret's), by flow title, for a replay to offer:
 * the value recorded when the developer made it a variable, then the last one given to a replay.
 */
export class FlowVariableValues {
  constructor(private readonly state: vscode.Memento) {}

  of(title: string): Readonly<Record<string, string>> {
    return this.all()[title] ?? {};
  }

  async remember(title: string, values: Readonly<Record<string, string>>): Promise<void> {
    await this.state.update(KEY, { ...this.all(), [title]: { ...this.of(title), ...values } });
  }

  private all(): Readonly<Record<string, Readonly<Record<string, string>>>> {
    return this.state.get(KEY, {});
  }
}
