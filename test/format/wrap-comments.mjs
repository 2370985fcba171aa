// Wraps comment lines longer than the line limit, which Prettier leaves as they are: a `//` comment on its own line
// is broken at spaces (the words that do not fit go to the start of the next line of the same paragraph, or to a
// new line); a `//` comment after code moves to its own lines above that code (an `eslint-disable-line` becomes an
// `eslint-disable-next-line`); a long line of a `/* … */` block is broken into lines with the block's ` * ` margin,
// and a one-line `/** … */` becomes a block of several lines. Comments are found by the TypeScript parser, so a
// `//` inside a string, a template or a regular expression is never taken for one. What it cannot wrap (a single
// word longer than the limit, a directive such as `eslint-disable-next-line` or `@ts-expect-error`, a block comment
// after code) it lists, and the lint's max-len names it.
//
// With --directives (run before Prettier), it only moves every `// eslint-disable-line` after code to an
// `// eslint-disable-next-line` on the line above, whatever the line's length: Prettier may move a trailing comment
// onto another line (into a block it opens), where ESLint would find the directive unused and --fix delete it.
//
// Usage: node test/format/wrap-comments.mjs [--check] [--directives] [files or folders…] (default: the source folders below).
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

export const WIDTH = 140
export const DEFAULT_PATHS = ['server', 'web', 'simulations', 'test', 'migrations', 'eslint.config.js', 'vitest.config.ts']
const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs'])
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git'])
const DIRECTIVE = /^\s*(?:eslint-|@ts-|prettier-ignore|global\s|istanbul\s|c8\s|v8\s|#region|#endregion|@vitest-environment)/
/** A line that starts a list item or a new kind of note: words never flow into it from the line before. */
const OWN_START = /^\s*(?:[-*+•]\s|\d+[.)]\s|@\w|```|\||$)/

/** The source files under `paths` (files or folders), in a stable order. */
export function sourceFiles (paths) {
  const out = []
  const visit = (p) => {
    if (!fs.existsSync(p)) return
    const stat = fs.statSync(p)
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (!SKIP_DIRS.has(name)) visit(path.join(p, name))
    } else if (EXTENSIONS.has(path.extname(p)) && !p.endsWith('.d.ts')) {
      out.push(p)
    }
  }
  for (const p of paths) visit(p)
  return out
}

/** Every comment of the file, as [start, end, kind], found at the edges of every node (deduplicated). */
function commentRanges (file, text) {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.(c|m)?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind)
  const found = new Map()
  const add = (ranges) => {
    for (const r of ranges ?? []) found.set(r.pos, [r.pos, r.end, r.kind])
  }
  // Every node and token (a comment after `{` on its line trails the brace token, not a node); JSDoc nodes
  // are skipped, as they lie inside comments.
  const visit = (node) => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return
    add(ts.getLeadingCommentRanges(text, node.pos))
    add(ts.getTrailingCommentRanges(text, node.end))
    for (const child of node.getChildren(sf)) visit(child)
  }
  visit(sf)
  add(ts.getLeadingCommentRanges(text, sf.endOfFileToken.pos))
  return [...found.values()].sort((a, b) => a[0] - b[0])
}

/** Words of `text` in lines of at most `room` characters (a word longer than that stands alone). */
function wrapWords (text, room) {
  const lines = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}

/**
 * Breaks the long comment lines of a run of lines that share one prefix (`// ` or ` * ` after the same indent):
 * what does not fit flows into the next line of the same paragraph, else onto a new line.
 */
function reflow (lines, start, prefix) {
  const room = WIDTH - prefix.length
  let i = start
  while (i < lines.length && lines[i].startsWith(prefix) && lines[i].length > WIDTH) {
    const [first, ...rest] = wrapWords(lines[i].slice(prefix.length), room)
    if (rest.length === 0) return i + 1 // one word too long to break
    lines[i] = prefix + first
    const next = lines[i + 1]
    const body = next?.startsWith(prefix) ? next.slice(prefix.length) : null
    if (body !== null && !OWN_START.test(body) && !DIRECTIVE.test(body)) {
      lines[i + 1] = prefix + [...rest, body].join(' ')
    } else {
      lines.splice(i + 1, 0, ...wrapWords(rest.join(' '), room).map((l) => prefix + l))
    }
    i++
  }
  return i + 1
}

/** The file's text with its long comment lines wrapped, and the long comment lines it left (1-based numbers). */
export function wrapComments (file, text, { directivesOnly = false } = {}) {
  if (directivesOnly ? !text.includes('eslint-disable-line') : !text.split('\n').some((l) => l.length > WIDTH)) {
    return { text, left: [] }
  }
  const comments = commentRanges(file, text)
  const lines = text.split('\n')
  const offsets = []
  let at = 0
  for (const l of lines) {
    offsets.push(at)
    at += l.length + 1
  }
  const lineOf = (pos) => {
    let lo = 0
    let hi = offsets.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (offsets[mid] <= pos) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  // Decide per comment from the original text, then edit from the bottom up so that earlier line numbers hold.
  const edits = []
  const left = []
  for (const [pos, end, kind] of comments) {
    const first = lineOf(pos)
    const last = lineOf(end)
    const long = []
    for (let n = first; n <= last; n++) if (lines[n].length > WIDTH) long.push(n)
    const before = lines[first].slice(0, pos - offsets[first])
    const after = lines[last].slice(end - offsets[last])
    const indent = /^\s*/.exec(lines[first])[0]
    const body = text.slice(pos, end)
    if (directivesOnly) {
      const directive = kind === ts.SyntaxKind.SingleLineCommentTrivia && /^\/\/\s*eslint-disable-line\b(.*)$/.exec(body)
      if (directive && !/^\s*$/.test(before)) {
        edits.push({
          line: first,
          apply: () => {
            lines.splice(first, 1, `${indent}// eslint-disable-next-line${directive[1]}`, before.replace(/\s+$/, ''))
          }
        })
      }
      continue
    }
    if (long.length === 0) continue
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      const words = body.slice(2).trim()
      if (/^\s*$/.test(before)) {
        if (DIRECTIVE.test(words)) {
          left.push(first + 1)
          continue
        }
        edits.push({ line: first, apply: () => reflow(lines, first, `${indent}// `) })
      } else {
        // after code: the comment goes above it
        const directive = /^eslint-disable-line\b(.*)$/.exec(words)
        if (!directive && DIRECTIVE.test(words)) {
          left.push(first + 1)
          continue
        }
        const above = directive
          ? [`${indent}// eslint-disable-next-line${directive[1]}`]
          : wrapWords(words, WIDTH - indent.length - 3).map((l) => `${indent}// ${l}`)
        edits.push({
          line: first,
          apply: () => {
            lines.splice(first, 1, ...above, before.replace(/\s+$/, ''))
          }
        })
      }
    } else if (first === last) {
      // a one-line block comment
      const doc = body.startsWith('/**')
      const words = body.slice(doc ? 3 : 2, -2).trim()
      if (!/^\s*$/.test(before) || after.trim() !== '' || DIRECTIVE.test(words)) {
        left.push(first + 1)
        continue
      }
      const wrapped = wrapWords(words, WIDTH - indent.length - 3).map((l) => `${indent} * ${l}`)
      edits.push({
        line: first,
        apply: () => {
          lines.splice(first, 1, `${indent}${doc ? '/**' : '/*'}`, ...wrapped, `${indent} */`)
        }
      })
    } else {
      for (const n of long) {
        const margin = /^(\s*\* )/.exec(lines[n])
        if (!margin || n === first || n === last) {
          left.push(n + 1)
          continue
        }
        edits.push({ line: n, apply: () => reflow(lines, n, margin[1]) })
      }
    }
  }
  for (const e of edits.sort((a, b) => b.line - a.line)) e.apply()
  return { text: lines.join('\n'), left }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const check = args.includes('--check')
  const directivesOnly = args.includes('--directives')
  const paths = args.filter((a) => !a.startsWith('--'))
  let changed = 0
  const left = []
  for (const file of sourceFiles(paths.length > 0 ? paths : DEFAULT_PATHS)) {
    const text = fs.readFileSync(file, 'utf8')
    const out = wrapComments(file, text, { directivesOnly })
    for (const n of out.left) left.push(`${file}:${n}`)
    if (out.text !== text) {
      changed++
      if (!check) fs.writeFileSync(file, out.text)
    }
  }
  console.log(
    `${check ? 'would change' : 'changed'} ${directivesOnly ? 'eslint-disable-line directives' : 'long comments'} in ${changed} files`
  )
  if (left.length > 0) console.log(`comment lines over ${WIDTH} characters left as they are:\n  ${left.join('\n  ')}`)
  if (check && changed > 0) process.exitCode = 1
}
