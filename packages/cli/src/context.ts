import { stylesFor, type Styles } from './colour';
import { colourWanted, type CliIo } from './io';

/** What every command gets: the process's streams and environment, and the styles for each stream. */
export interface CommandContext {
  readonly io: CliIo;
  /** Styles for stdout (plain unless stdout is a terminal and colour is allowed). */
  readonly out: Styles;
  /** Styles for stderr. */
  readonly err: Styles;
}

/** Builds the context; `colour` is false with `--no-color`. */
export const commandContext = (io: CliIo, colour: boolean): CommandContext => ({
  io,
  out: stylesFor(colourWanted(io.stdout, io.env, colour)),
  err: stylesFor(colourWanted(io.stderr, io.env, colour)),
});
