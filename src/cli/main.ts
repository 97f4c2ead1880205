/**
 * The `dosegym` command line. Each command lives in its own module under ./commands.
 * Any {@link DosegymError} (bad input) and any usage error prints one line on stderr and
 * exits with code 2; other failures print the stack and exit with 1.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DosegymError } from '../core/errors.js';
import { commands } from './commands/index.js';

class UsageError extends Error {}

export async function main(argv: string[]): Promise<void> {
  const parser = yargs(argv)
    .scriptName('dosegym')
    .usage('$0 <command> [options]')
    .command(commands)
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .help()
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg);
    });
  await parser.parseAsync();
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

main(hideBin(process.argv)).catch((err: unknown) => {
  if (err instanceof DosegymError || err instanceof UsageError) {
    process.stderr.write(`dosegym: ${oneLine(err.message)}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`dosegym: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
