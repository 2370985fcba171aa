// axe-core in a Playwright page: the accessibility rules of WCAG 2.1 A and AA, run on the page or one part of it.
// The script is evaluated through the DevTools protocol, so the app's content-security policy need not allow it.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG21AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/** Every violation under `selector` (the whole document without it), with the nodes' CSS targets. */
export async function axeViolations (page: Page, selector?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  return await page.evaluate(
    async ({ selector, tags }) => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: unknown,
              opts: unknown
            ) => Promise<{
              violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[] }> }>
            }>
          }
        }
      ).axe
      const context = selector ? document.querySelector(selector) : document
      if (context === null) throw new Error(`axe: nothing matches ${selector}`)
      const r = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' '))
      }))
    },
    { selector, tags: WCAG21AA }
  )
}

/** The serious and critical ones: what fails a test. */
export async function seriousViolations (page: Page, selector?: string): Promise<AxeViolation[]> {
  return (await axeViolations(page, selector)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
