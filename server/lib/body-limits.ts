// Request body limits per route, in one table: a few KB where the body is a status or a position, more
// where people write (narratives), most for a planner's import mapping with its code book. Too large: 413.
import type { FastifyInstance } from 'fastify'

const KB = 1024

/** Status changes, positions, sign-in, assignments: a handful of short fields. */
export const SMALL_BODY = 4 * KB
/** Any other form (reasons, dispositions with notes, users, teams): the app-wide default. */
export const FORM_BODY = 32 * KB
/** Intake and edits of a call: an 8,000-character narrative, escaped, with the rest of the call. */
export const NARRATIVE_BODY = 128 * KB
/** A NENA EIDO document from a 911 centre. */
export const EIDO_BODY = 512 * KB
/** An import preview or mapping: the start of a CAD export and a city's code book (the file itself streams). */
export const IMPORT_FORM_BODY = 4 * KB * KB

/** "METHOD /url" (Fastify's :param form) → limit; routes not named get FORM_BODY. */
export const BODY_LIMITS: Readonly<Record<string, number>> = {
  'POST /api/auth/login': SMALL_BODY,
  'POST /api/auth/logout': SMALL_BODY,
  'POST /api/teams/:id/position': SMALL_BODY,
  'POST /api/teams/:id/status': SMALL_BODY,
  'POST /api/teams/:id/shift': SMALL_BODY,
  'POST /api/calls/:id/status': SMALL_BODY,
  'POST /api/calls/:id/assignments': SMALL_BODY,
  'POST /api/calls': NARRATIVE_BODY,
  'PATCH /api/calls/:id': NARRATIVE_BODY,
  'POST /api/triage': NARRATIVE_BODY,
  'POST /api/interop/eido': EIDO_BODY,
  'POST /api/imports/preview': IMPORT_FORM_BODY,
  'POST /api/imports': IMPORT_FORM_BODY
}

/** Sets each route's bodyLimit from BODY_LIMITS as it is added; call before any route is registered. */
export function installBodyLimits (app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const m of methods) {
      const limit = BODY_LIMITS[`${m} ${route.url}`]
      if (limit !== undefined) route.bodyLimit = limit
    }
  })
}

/** The 413's message: which limit, in words a client can act on. */
export function bodyTooLargeMessage (limit: number | undefined): string {
  const size = limit === undefined ? 'the limit' : limit >= KB * KB ? `${limit / (KB * KB)} MB` : `${limit / KB} KB`
  return `body: larger than ${size}, the most this route accepts`
}
