// WCAG 2.1 AA in the browser: axe-core (npm) evaluated in the page (through the DevTools protocol, so the
// app's content-security policy stays as it is), failing on serious and critical violations.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeFinding { id: string, impact: string, help: string, targets: string[] }

/** Serious and critical WCAG 2.0/2.1 A and AA violations on the page as it is now, with the elements that fail. */
export async function seriousViolations (page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE)
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: Array<{ id: string, impact: string | null, help: string, nodes: Array<{ target: unknown[] }> }> }> } }).axe
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }))
  })
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
