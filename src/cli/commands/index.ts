/**
 * Every CLI command, one module per file. Add a command by adding one import and one entry here.
 */
import type { CommandModule } from 'yargs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [];
