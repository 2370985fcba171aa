// Breaks the string literals that keep a line over the line limit after Prettier (which never breaks a string): a
// quoted string or an untagged template is cut after a space into two literals joined by `+` on the next line
// (the value is the same string); a sql`…` template gets a line break in place of the space (SQL reads any
// whitespace alike), never inside a quoted SQL string or after a `--` comment; JSX text gets a line break in place
// of a space between two words (JSX reads a line break inside text as one space). A literal in a place where `+` would
// change its meaning (a module path, a type, a property name, `'…'.length`, `as const`, a JSX attribute) and a
// regular expression are left as they are and listed, so the lint's max-len names them for a hand edit.
//
// Usage: node test/format/split-long-strings.mjs [--check] [files or folders…] (default: the source folders).
import fs from 'node:fs'
import ts from 'typescript'
import { DEFAULT_PATHS, WIDTH, sourceFiles } from './wrap-comments.mjs'

const K = ts.SyntaxKind
/** Parents where `a + b` may stand for a literal with no parentheses and the same meaning. */
const SAFE_PARENTS = new Set([
  K.CallExpression,
  K.NewExpression,
  K.PropertyAssignment,
  K.VariableDeclaration,
  K.ArrayLiteralExpression,
  K.ReturnStatement,
  K.ConditionalExpression,
  K.ParenthesizedExpression,
  K.JsxExpression,
  K.TemplateSpan,
  K.BinaryExpression,
  K.ArrowFunction,
  K.ThrowStatement,
  K.Parameter,
  K.PropertyDeclaration,
  K.ExpressionStatement,
  K.SpreadElement,
  K.ShorthandPropertyAssignment
])

/** Whether `a + b` may replace this literal: a value position, and `+` binds no looser than what holds it. */
function splittable (node) {
  const parent = node.parent
  if (!SAFE_PARENTS.has(parent.kind)) return false
  // a literal whose literal type matters: in an `as const` value, or the argument of a `…Literal(…)` schema
  for (let up = node.parent; up; up = up.parent) {
    if (up.kind === K.AsExpression && up.type.getText() === 'const') return false
    if (up.kind === K.Block || up.kind === K.SourceFile) break
  }
  if (parent.kind === K.CallExpression && /Literal$/.test(parent.expression.getText())) return false
  if (parent.kind === K.CallExpression || parent.kind === K.NewExpression) return parent.expression !== node
  if (parent.kind === K.PropertyAssignment) return parent.initializer === node
  if (parent.kind === K.BinaryExpression) {
    // `+` keeps the value beside `+` (left to right, strings), `??`, `||`, `&&`, `===`, `,` and `=`; not beside `*`, `in`, …
    return [
      K.PlusToken,
      K.QuestionQuestionToken,
      K.BarBarToken,
      K.AmpersandAmpersandToken,
      K.EqualsEqualsEqualsToken,
      K.ExclamationEqualsEqualsToken,
      K.CommaToken,
      K.EqualsToken,
      K.PlusEqualsToken
    ].includes(parent.operatorToken.kind)
  }
  return true
}

/** The ranges [from, to) of a literal's own text where a cut may fall (not its quotes, not inside `${…}`). */
function textRanges (node) {
  if (node.kind === K.StringLiteral || node.kind === K.NoSubstitutionTemplateLiteral) return [[node.getStart() + 1, node.end - 1]]
  if (node.kind === K.JsxText) return [[node.pos + 1, node.end - 1]]
  const out = [[node.head.getStart() + 1, node.head.end - 2]]
  for (const span of node.templateSpans) {
    out.push([span.literal.getStart() + 1, span.literal.end - (span.literal.kind === K.TemplateTail ? 1 : 2)])
  }
  return out
}

/** One cut that shortens the first long line of the text, or null when there is none to make. */
function oneCut (file, text, skip) {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.(c|m)?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind)
  const lineStarts = sf.getLineStarts()
  const lines = text.split('\n')
  const literals = []
  const visit = (node) => {
    if ([K.StringLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateExpression].includes(node.kind)) literals.push(node)
    if (node.kind === K.RegularExpressionLiteral || node.kind === K.JsxText) literals.push(node)
    ts.forEachChild(node, visit)
  }
  visit(sf)
  for (let n = 0; n < lines.length; n++) {
    if (lines[n].length <= WIDTH || skip.has(n)) continue
    const start = lineStarts[n]
    const end = start + lines[n].length
    const indent = /^\s*/.exec(lines[n])[0]
    // Of every place a cut may go on this line, the one furthest right within reach of the limit.
    let best = null
    for (const lit of literals) {
      if (lit.getStart() >= end || lit.end <= start || lit.kind === K.RegularExpressionLiteral) continue
      const jsx = lit.kind === K.JsxText
      const tagged = jsx || lit.parent.kind === K.TaggedTemplateExpression
      if (tagged && !jsx && !/^sql\b/.test(lit.parent.tag.getText(sf))) continue
      if (!tagged && !splittable(lit)) continue
      for (const [from, to] of textRanges(lit)) {
        // a JSX text's last space before `{` or `<` may go too: it is written {' '} at the end of the line
        // (a cut is always before a character of the literal's text, never at its end: no empty literal)
        const last = jsx && text[lit.end - 1] === ' ' && text[lit.end - 2] !== ' ' ? lit.end : to - 1
        for (let p = last; p > Math.max(from, start + indent.length + 8); p--) {
          if (text[p - 1] !== ' ' || text[p - 2] === '\\' || text[p - 2] === ' ') continue
          const trailing = jsx && p === lit.end
          if (jsx && !trailing && /\s/.test(text[p])) continue
          // within reach: `'… ' +` (3 more), `{' '}` (5 more, in place of the space) or a line break in place of the space
          if (p - start + (trailing ? 4 : tagged ? -1 : 3) > WIDTH) continue
          if (tagged && !jsx) {
            const before = text.slice(lit.getStart(), p)
            if ((before.match(/'/g) ?? []).length % 2 !== 0 || text.slice(Math.max(start, lit.getStart()), p).includes('--')) continue
          }
          if (best === null || p > best.p) best = { p, lit, jsx, tagged, trailing }
          break
        }
      }
    }
    if (best !== null) {
      const { p: cut, lit, jsx, tagged, trailing } = best
      const startsLine = lit.getStart() <= start + indent.length
      const next = (startsLine && !tagged) || jsx ? indent : `${indent}  `
      if (trailing) return text.slice(0, cut - 1) + "{' '}\n" + next + text.slice(cut)
      if (tagged) return text.slice(0, cut - 1) + '\n' + next + text.slice(cut)
      const q = text[lit.getStart()]
      const close = lit.kind === K.StringLiteral ? q : '`'
      return text.slice(0, cut) + `${close} +\n${next}${close}` + text.slice(cut)
    }
    skip.add(n)
  }
  return null
}

export function splitLongStrings (file, text) {
  const skip = new Set()
  let out = text
  for (let i = 0; i < 2000; i++) {
    const cut = oneCut(file, out, skip)
    if (cut === null) break
    out = cut
    skip.clear()
  }
  const left = out.split('\n').flatMap((l, n) => (l.length > WIDTH ? [n + 1] : []))
  return { text: out, left }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const check = args.includes('--check')
  const paths = args.filter((a) => !a.startsWith('--'))
  let changed = 0
  const left = []
  for (const file of sourceFiles(paths.length > 0 ? paths : DEFAULT_PATHS)) {
    const text = fs.readFileSync(file, 'utf8')
    if (!text.split('\n').some((l) => l.length > WIDTH)) continue
    const out = splitLongStrings(file, text)
    for (const n of out.left) left.push(`${file}:${n}`)
    if (out.text !== text) {
      changed++
      if (!check) fs.writeFileSync(file, out.text)
    }
  }
  console.log(`${check ? 'would split' : 'split'} long strings in ${changed} files`)
  if (left.length > 0) console.log(`lines over ${WIDTH} characters left (${left.length}):\n  ${left.join('\n  ')}`)
  if (check && changed > 0) process.exitCode = 1
}
