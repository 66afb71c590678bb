import type { InventoryReport } from './report'
import { reportCsv, reportJson } from './report-csv'
import { reportHtml } from './report-html'

export type ReportFormat = 'csv' | 'json' | 'html'

export function renderReport(r: InventoryReport, format: ReportFormat): string {
  return format === 'csv' ? reportCsv(r) : format === 'json' ? reportJson(r) : reportHtml(r)
}

/** A file name for the report, e.g. key-inventory-2026-06-01.html. */
export function reportFileName(r: InventoryReport, format: ReportFormat): string {
  return `key-inventory-${r.generatedAt.slice(0, 10)}.${format}`
}
