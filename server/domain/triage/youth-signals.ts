// The signals that make a call a young person's in a protocol: those its youth need rules ask for
// (not those they exclude, such as an adult's age), plus the age signal. A data repair asks which of
// them a call's texts mention, so it leaves alone a call that says "student" or "my 14-year-old".
import type { CompiledProtocol } from './protocol'

/** Signal names named positively (outside any `not`) anywhere in a condition document. */
function positiveSignals (node: unknown, out: Set<string>, negated = false): void {
  if (Array.isArray(node)) {
    for (const n of node) positiveSignals(n, out, negated)
    return
  }
  if (typeof node !== 'object' || node === null) return
  for (const [k, v] of Object.entries(node)) {
    if (k === 'signal' && !negated) {
      for (const s of Array.isArray(v) ? v : [v]) {
        if (typeof s === 'string') out.add(s)
      }
    } else positiveSignals(v, out, negated || k === 'not')
  }
}

/** The signals that read a call as a young person's under this protocol (empty when it has no youth section). */
export function youthSignals (p: CompiledProtocol): ReadonlySet<string> {
  const out = new Set<string>()
  if (p.youth === null) return out
  out.add(p.youth.minorSignal)
  for (const r of p.document.rules ?? []) {
    if (r.kind === 'need' && (r.needs ?? []).includes('youth')) positiveSignals(r.when, out)
  }
  return out
}
