import type { InventoryReport } from './report'
import { RULE_TITLES } from './types'

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
/** Every text in the report goes through here: key names and labels come from other people. */
const escapeHtml = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c] ?? c)

const STYLE = `body{font:13px/1.4 system-ui,sans-serif;margin:24px;color:#111}h1{font-size:20px}h2{font-size:16px;margin-top:24px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f1f1f1}.critical{color:#a00;font-weight:700}.high{color:#c50}.mono{font-family:ui-monospace,monospace;font-size:12px}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}@media print{body{margin:0}tr{break-inside:avoid}}`

const td = (v: unknown, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(v)}</td>`
const yes = (b: boolean) => (b ? 'yes' : 'no')

/**
 * The inventory as one printable HTML file: inline style only, no script, no external resource
 * (its CSP says so too), every value escaped.
 */
export function reportHtml(r: InventoryReport): string {
  const s = r.summary
  const statuses =
    Object.entries(s.byStatus)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ') || 'none'
  const rules = Object.entries(s.findingsByRule)
    .map(([k, n]) => `<li>${escapeHtml(RULE_TITLES[k as keyof typeof RULE_TITLES] ?? k)}: ${escapeHtml(n)}</li>`)
    .join('')
  const findings = r.findings
    .map(
      (f) =>
        `<tr>${td(f.severity, f.severity)}${td(RULE_TITLES[f.rule])}${td(f.keyName)}${td(f.keyIdentity, 'mono')}${td([f.profile, f.project, f.region].filter(Boolean).join(' / '))}${td(f.message)}</tr>`
    )
    .join('\n')
  const keys = r.keys
    .map(
      (k) =>
        `<tr>${td(k.name)}${td(k.identity, 'mono')}${td([k.profile, k.project, k.region].filter(Boolean).join(' / '))}${td(k.type)}${td(k.status)}${td(k.versions)}${td(k.latestVersionAgeDays ?? '')}` +
        `${td(k.rotationEnabled ? `every ${k.rotationPeriodDays ?? '?'} d` : 'off')}${td(k.nextRotationDue?.slice(0, 10) ?? '')}${td(yes(k.exportAllowed))}${td(yes(k.imported))}` +
        `${td(
          Object.entries(k.labels)
            .map(([a, b]) => `${a}=${b}`)
            .join(', ')
        )}${td(k.findings.join(' '))}</tr>`
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Key inventory ${escapeHtml(r.generatedAt)}</title><style>${STYLE}</style></head>
<body>
<h1>Key inventory</h1>
<dl>
<dt>Generated</dt><dd>${escapeHtml(r.generatedAt)}</dd>
<dt>Profile</dt><dd>${escapeHtml(r.profile)}</dd>
<dt>Scope</dt><dd>profiles: ${escapeHtml(r.scope.profiles.join(', ') || '—')}; projects: ${escapeHtml(r.scope.projects.join(', ') || 'organisation scope')}; regions: ${escapeHtml(r.scope.regions.join(', ') || '—')}</dd>
<dt>Keys</dt><dd>${escapeHtml(s.keys)} (${escapeHtml(statuses)}); ${escapeHtml(s.keysWithFindings)} with findings</dd>
</dl>
${s.gaps.length ? `<p><strong>Not covered:</strong></p><ul>${s.gaps.map((g) => `<li>${escapeHtml(g)}</li>`).join('')}</ul>` : ''}
<h2>Findings by rule</h2><ul>${rules || '<li>none</li>'}</ul>
<h2>Findings (${escapeHtml(r.findings.length)})</h2>
<table><thead><tr><th>Severity</th><th>Rule</th><th>Key</th><th>Identity</th><th>Where</th><th>What</th></tr></thead><tbody>
${findings}
</tbody></table>
<h2>Keys (${escapeHtml(r.keys.length)})</h2>
<table><thead><tr><th>Name</th><th>Identity</th><th>Where</th><th>Type</th><th>Status</th><th>Versions</th><th>Latest age (d)</th><th>Rotation</th><th>Next due</th><th>Export</th><th>Imported</th><th>Labels</th><th>Findings</th></tr></thead><tbody>
${keys}
</tbody></table>
</body></html>
`
}
