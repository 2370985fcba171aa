// CSV as the product writes it: every field through csvField, so no cell runs as a spreadsheet formula.

/** A plain number written as text (-118.25, +3, 1e5): a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/

/**
 * Text a spreadsheet would run as a formula (CSV injection: a cell starting with =, +, -, @, a tab or a carriage
 * return, e.g. `=HYPERLINK(...)` in a caller's words or an imported row) gets a leading apostrophe, which spreadsheets
 * show as text. Numbers, and text that is a plain number, are left alone.
 */
export function neutralizeFormula (s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s
}

/**
 * One CSV field: text that a spreadsheet would run as a formula is neutralized (neutralizeFormula), then the field is
 * quoted when it holds a comma, quote, CR or LF. Every CSV the product writes goes through here (csvLine).
 */
export function csvField (value: unknown): string {
  const s = value === null || value === undefined ? '' : typeof value === 'string' ? neutralizeFormula(value) : String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvLine (values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\n'
}
