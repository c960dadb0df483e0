import type { Option } from 'commander';
import type { CommandContext } from '../context';

/** What the program lends each group of commands it registers. */
export interface CommandsHost {
  /** The context of the running command (output, colour), made when the action runs. */
  readonly context: () => CommandContext;
  /** Sets the process's exit status to the command's. */
  readonly setExit: (code: number) => void;
  /** The `--store` option (mandatory, defaulting to `DISPUTEKIT_STORE`), with its description. */
  readonly storeOption: (description?: string) => Option;
  /** The exit-status paragraph appended to the help of the commands that check. */
  readonly exitCodes: string;
}
