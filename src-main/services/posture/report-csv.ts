import { REPORT_COLUMNS, type InventoryReport, type ReportRow } from './report'

/** One RFC 4180 cell; text starting with = + - @ gets a leading ' so spreadsheets never run it. */
function cell(v: ReportRow[keyof ReportRow]): string {
  let s: string
  if (v === null) s = ''
  else if (Array.isArray(v)) s = v.join(' ')
  else if (typeof v === 'object') s = Object.keys(v).length ? JSON.stringify(v) : ''
  else s = String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** The inventory as CSV: a header row of REPORT_COLUMNS, one row per key, CRLF line ends. */
export function reportCsv(r: InventoryReport): string {
  const rows = r.keys.map((k) => REPORT_COLUMNS.map((c) => cell(k[c])).join(','))
  return [REPORT_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n'
}

export function reportJson(r: InventoryReport): string {
  return JSON.stringify(r, null, 2) + '\n'
}
