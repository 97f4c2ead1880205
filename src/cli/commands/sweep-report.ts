/**
 * `dosegym sweep-report <sweep-dir> [--metric name] [--maximize|--minimize] [--format text|json]`:
 * aggregate a sweep's cells into `report/cells.csv`, `report/cells.json` and a
 * self-contained `report/report.html`, and name the best configuration by the metric's
 * mean over seeds. Works on a partial sweep (it reports what exists). The default metric
 * and direction come from the spec's `objective`, else the first metric, maximised.
 */
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import { writeSweepReport } from '../../experiments/sweep/report.js';

interface SweepReportArgs {
  sweepDir: string;
  metric?: string;
  maximize?: boolean;
  minimize?: boolean;
  format: 'text' | 'json';
}

export const sweepReportCommand: CommandModule<object, SweepReportArgs> = {
  command: 'sweep-report <sweep-dir>',
  describe: 'Aggregate a sweep into CSV/JSON tables and an HTML summary; name the best configuration',
  builder: (y) =>
    y
      .positional('sweep-dir', { type: 'string', demandOption: true, describe: 'the sweep directory' })
      .option('metric', { type: 'string', describe: 'metric to rank configurations by' })
      .option('maximize', { type: 'boolean', describe: 'higher is better (default)' })
      .option('minimize', { type: 'boolean', describe: 'lower is better' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format' }) as never,
  handler: async (argv) => {
    if (argv.maximize && argv.minimize) throw new InputError('--maximize and --minimize exclude each other', '--minimize');
    const direction = argv.minimize ? 'minimize' : argv.maximize ? 'maximize' : undefined;
    const r = await writeSweepReport(argv.sweepDir, { ...(argv.metric ? { metric: argv.metric } : {}), ...(direction ? { direction } : {}) });
    const best = r.best && r.metric ? { params: r.best.params, seeds: r.best.seeds.length, ...r.best.metrics[r.metric] } : null;
    if (argv.format === 'json') {
      process.stdout.write(`${JSON.stringify({ cells: r.table.total, withResults: r.table.rows.length, failed: r.table.failures.length, metric: r.metric ?? null, direction: r.direction, best, files: r.files }, null, 2)}\n`);
      return;
    }
    const lines = [`${r.table.rows.length}/${r.table.total} cells with results, ${r.table.failures.length} failed, ${r.table.groups.length} configuration(s)`];
    if (best) lines.push(`best by ${r.metric} (${r.direction}): ${JSON.stringify(best.params)}  mean ${best.mean} over ${best.seeds} seed(s)${best.ciLow != null ? ` [95% CI ${best.ciLow}, ${best.ciHigh}]` : ''}`);
    lines.push(`wrote ${r.files.csv}`, `wrote ${r.files.json}`, `wrote ${r.files.html}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};
