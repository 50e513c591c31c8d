/** A command group (`obelisk execution`, `obelisk wit`, ...): a name, a description and its subcommands. */
import { Command } from 'commander';

export interface CommandGroup {
  readonly name: string;
  readonly description: string;
  /** In the order `obelisk NAME --help` lists them. */
  readonly commands: readonly Command[];
  /** What `obelisk NAME --help` shows after the list of subcommands. */
  readonly helpAfter: readonly string[];
}

/** Builds a command group. */
export function commandGroup(group: CommandGroup): Command {
  const command = new Command(group.name).description(group.description);
  for (const sub of group.commands) {
    command.addCommand(sub);
  }
  return command.addHelpText('after', group.helpAfter.join('\n'));
}
