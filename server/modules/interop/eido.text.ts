// Note text: EIDO notes are HTML5; ours are plain text. Escape on the way out, flatten on the way in.
import { xmlUnescape } from './pidf-lo'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/** Plain text as HTML5: special characters escaped, line breaks kept as <br>. */
export function textToHtml (text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]).replace(/\r\n|\r|\n/g, '<br>')
}

const NAMED: Record<string, string> = { nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”' }

/**
 * HTML5 (or plain text) as plain text: <br> and block ends become line breaks, other tags go,
 * entities are decoded, runs of blank lines shrink to one.
 */
export function htmlToText (html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&([a-z]+);/gi, (m, name: string) => NAMED[name.toLowerCase()] ?? m)
  return xmlUnescape(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** Cuts text to `max` characters, marking the cut. */
export function clip (text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
