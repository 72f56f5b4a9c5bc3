// Terminal output: parse errors first, then findings grouped by file and resource, then a summary.
import { styleText } from 'node:util';
import type { Severity } from '../rules/types.ts';
import { objectName } from '../rules/kinds.ts';
import { SEVERITY_RANK } from '../rules/types.ts';
import { plural, summarize } from './summary.ts';
import type { Report, ReportFinding } from './types.ts';

type Style = Parameters<typeof styleText>[0];

const SEVERITY_STYLE: Record<Severity, Style> = { ERROR: 'red', WARNING: 'yellow', INFO: 'blue' };

export function formatText(report: Report, opts: { color: boolean }): string {
  const paint = (style: Style, text: string): string => (opts.color ? styleText(style, text) : text);
  const lines: string[] = [];

  for (const error of report.parseErrors) {
    const where = error.line !== null ? `:${error.line}${error.column !== null ? `:${error.column}` : ''}` : '';
    lines.push(`${paint('bold', `${error.file}${where}`)} ${paint('red', 'PARSE ERROR')}  ${error.message}`);
  }
  if (report.parseErrors.length > 0) lines.push('');

  for (const [file, findings] of groupBy(report.findings, (f) => f.resource.file)) {
    lines.push(paint('underline', file));
    for (const [, group] of groupBy(findings, (f) => `${f.resource.kind}/${f.resource.namespace}/${f.resource.name}`)) {
      const first = group[0] as ReportFinding;
      lines.push(`${first.resource.kind} ${objectName(first.resource)} ${paint('dim', `(line ${first.resource.line})`)}`);
      for (const f of [...group].sort(byLineThenSeverity)) {
        const severity = paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(7));
        lines.push(`  ${String(f.line).padStart(4)}  ${severity}  ${f.message}  ${paint('dim', `[${f.ruleId}]`)}`);
        lines.push(paint('dim', `          fix: ${f.fix}`));
        if (f.entry) lines.push(paint('dim', `          see: ${f.entry.title} (Istio ${f.entry.version}) ${f.entry.url}`));
      }
    }
    lines.push('');
  }

  for (const note of report.notes) lines.push(paint('dim', `note: ${note}`));
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

function summaryLine(report: Report): string {
  const s = summarize(report);
  const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.infos > 0) parts.push(plural(s.infos, 'info'));
  // `files` counts the files with something to report: "in 0 files" read as if nothing had been read.
  const files = s.files > 0 ? ` in ${plural(s.files, 'file')}` : '';
  // Objects kubectl apply would refuse (an API version the judged Istio does not serve, a namespace
  // other than the one asked for) were read but not judged: counted as "checked", a clean line over
  // them would read as a pass.
  const judged =
    s.notJudged === 0
      ? `${plural(s.resources, 'resource')} checked`
      : `${plural(s.resources, 'resource')} read, ${s.notJudged === s.resources ? 'none' : `${s.resources - s.notJudged}`} judged (${s.notJudged} that kubectl apply would refuse: see above)`;
  let line = `${parts.join(', ')}${files}, ${judged}`;
  if (s.parseErrors > 0) line += `, ${plural(s.parseErrors, 'parse error')}`;
  if (s.suppressed > 0) line += ` (${s.suppressed} suppressed)`;
  if (report.version) line += `; judged as Istio ${report.version}`;
  return line;
}

function byLineThenSeverity(a: ReportFinding, b: ReportFinding): number {
  return a.line - b.line || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.ruleId.localeCompare(b.ruleId);
}

/** Groups in first-seen order, so output follows the input. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
