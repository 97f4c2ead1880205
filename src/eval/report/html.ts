/**
 * The evaluation report: one self-contained HTML file. Plots are inline SVG, the style is
 * inline CSS, and there are no scripts, no external stylesheets, fonts or images and no
 * CDN: the file opens offline, can be mailed or archived with a run, and shows the same
 * thing in ten years.
 *
 * Sections, in order: question, cohort, policies, main results (means with CIs), paired
 * differences vs the reference, subgroups, fairness gaps, plots, artefacts, provenance.
 */
import {
  artefactsSection,
  cohortSection,
  escapeHtml,
  fairnessSection,
  mainTableSection,
  pairedSection,
  plotsSection,
  policiesSection,
  provenanceSection,
  questionSection,
  subgroupSection,
  type ReportData,
} from './sections.js';

/** Section ids and headings, for the table of contents. */
const CONTENTS: readonly [string, string][] = [
  ['question', 'Question'],
  ['cohort', 'Cohort'],
  ['policies', 'Policies'],
  ['results', 'Main results'],
  ['paired', 'Paired differences'],
  ['subgroups', 'Subgroups'],
  ['fairness', 'Fairness'],
  ['plots', 'Plots'],
  ['artefacts', 'Artefacts'],
  ['provenance', 'Provenance'],
];

const STYLE = `
body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; border-bottom: 2px solid #444; padding-bottom: .2em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.05em; margin-top: 1.4em; }
table { border-collapse: collapse; margin: .6em 0; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
tbody tr:nth-child(even) { background: #fafafa; }
figure { margin: 1.2em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .9em; color: #444; }
nav ol { columns: 2; font-size: .95em; }
code { font-size: .85em; word-break: break-all; }
.note { color: #777; font-size: .85em; }
`;

/**
 * The report as one HTML document.
 * @example writeFileAtomic('runs/x/report.html', buildReport(data))
 */
export function buildReport(data: ReportData): string {
  const toc = CONTENTS.map(([id, heading]) => `<li><a href="#${id}">${heading}</a></li>`).join('\n');
  const body = [
    questionSection(data),
    cohortSection(data),
    policiesSection(data),
    mainTableSection(data),
    pairedSection(data),
    subgroupSection(data),
    fairnessSection(data),
    plotsSection(data),
    artefactsSection(data),
    provenanceSection(data),
  ].join('\n\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<nav><ol>
${toc}
</ol></nav>
${body}
</body>
</html>
`;
}
