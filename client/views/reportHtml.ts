// The Usage Report page: a daily timeline per service as inline SVG, built here from local code (no CDN, no remote
// resource). Every value that came from logs (principal, service, day) is escaped; the page runs under a CSP that
// allows only the webview's own files and scripts carrying this page's nonce. No vscode here: tested under node --test.
import { dayIndex, type ServiceTimeline, type UsageReport } from '../../core/usage/usageReportModel';
import { formatCount } from '../../core/usage/lastAccessedModel';

/** What the page needs from the webview: its CSP source, a fresh nonce, and the URIs of the local script and style. */
export interface ReportAssets {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The Content-Security-Policy of the report page. */
export function reportCsp(assets: Pick<ReportAssets, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `style-src ${assets.cspSource} 'nonce-${assets.nonce}'`,
    `script-src 'nonce-${assets.nonce}'`,
    `img-src ${assets.cspSource} data:`,
  ].join('; ');
}

const CHART_WIDTH = 720;
const ROW_HEIGHT = 36;
const MAX_BAR_WIDTH = 12;

/** The whole page. */
export function reportHtml(report: UsageReport, assets: ReportAssets): string {
  const e = escapeHtml;
  const body =
    report.from === undefined || report.to === undefined
      ? `<p class="empty">No calls by this principal in the usage cache. Import CloudTrail logs or fetch recent events, then open the report again.</p>`
      : timeline(report, report.from, report.to);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(reportCsp(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(assets.styleUri)}">
<title>Usage Report</title>
</head>
<body>
<h1>Usage Report</h1>
<p class="principal"><code>${e(report.principal)}</code></p>
${body}
<script nonce="${e(assets.nonce)}" src="${e(assets.scriptUri)}"></script>
</body>
</html>
`;
}

function timeline(report: UsageReport, from: string, to: string): string {
  const e = escapeHtml;
  const days = dayIndex(from, to) + 1;
  const barWidth = Math.max(1, Math.min(MAX_BAR_WIDTH, Math.floor(CHART_WIDTH / days)));
  const width = barWidth * days;
  const peak = Math.max(1, ...report.services.flatMap((s) => s.days.map((d) => d.count + d.denied)));
  const totalCalls = report.services.reduce((n, s) => n + s.calls, 0);
  const totalDenied = report.services.reduce((n, s) => n + s.denied, 0);
  const rows = report.services.map((s) => serviceRow(s, from, barWidth, width, peak)).join('\n');
  return `<p class="summary">${e(from)} → ${e(to)} · ${days} day${days === 1 ? '' : 's'} · ${report.services.length} service${report.services.length === 1 ? '' : 's'} · ${formatCount(totalCalls)} calls${totalDenied > 0 ? ` · ${formatCount(totalDenied)} denied` : ''}</p>
<p class="legend"><span class="swatch allowed"></span> allowed <span class="swatch denied"></span> denied · bar height: calls that day (square-root scale, ${formatCount(peak)} at full height)</p>
<p id="detail" class="detail" aria-live="polite">Hover or focus a day to see its calls.</p>
<table class="timeline">
<thead><tr><th scope="col">Service</th><th scope="col">Calls</th><th scope="col">Denied</th><th scope="col">Daily calls, ${e(from)} → ${e(to)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function serviceRow(s: ServiceTimeline, from: string, barWidth: number, width: number, peak: number): string {
  const e = escapeHtml;
  const bars = s.days
    .map((d) => {
      const x = dayIndex(from, d.day) * barWidth;
      const total = d.count + d.denied;
      const height = Math.max(1, Math.round(Math.sqrt(total / peak) * (ROW_HEIGHT - 2)));
      const deniedHeight = total === 0 ? 0 : Math.round((height * d.denied) / total);
      const label = `${d.day} · ${s.service}: ${formatCount(d.count)} calls${d.denied > 0 ? `, ${formatCount(d.denied)} denied` : ''}`;
      const allowedRect = `<rect class="allowed" x="${x}" y="${ROW_HEIGHT - height + deniedHeight}" width="${barWidth}" height="${height - deniedHeight}"></rect>`;
      const deniedRect = deniedHeight > 0 ? `<rect class="denied" x="${x}" y="${ROW_HEIGHT - height}" width="${barWidth}" height="${deniedHeight}"></rect>` : '';
      return `<g class="day" tabindex="0" data-label="${e(label)}"><title>${e(label)}</title>${allowedRect}${deniedRect}</g>`;
    })
    .join('');
  const svg = `<svg class="chart" role="img" aria-label="${e(`Daily calls to ${s.service}`)}" width="${width}" height="${ROW_HEIGHT}" viewBox="0 0 ${width} ${ROW_HEIGHT}"><line class="axis" x1="0" y1="${ROW_HEIGHT - 0.5}" x2="${width}" y2="${ROW_HEIGHT - 0.5}"></line>${bars}</svg>`;
  return `<tr><th scope="row">${e(s.service)}</th><td class="num">${formatCount(s.calls)}</td><td class="num">${formatCount(s.denied)}</td><td>${svg}</td></tr>`;
}
