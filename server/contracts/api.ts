// The route table: every /api route's method and path (its key), and its params, querystring, body and responses.
// Fastify registers its routes with these schemas (test/server/route-table.test.ts checks every entry against what the
// app registers), and the web app's client (web/api/client.ts) derives each call's input and answer from them, so a
// path, a body or an answer that does not match is a type error on both sides.
import { ACCESS_ROUTES } from './api-access'
import { CALL_ROUTES } from './api-calls'
import { CARE_ROUTES } from './api-care'
import { PLANNING_ROUTES } from './api-planning'
import { TEAM_ROUTES } from './api-teams'

/** Each route as "METHOD /path", with its schemas. */
export const API = {
  ...ACCESS_ROUTES,
  ...CALL_ROUTES,
  ...CARE_ROUTES,
  ...PLANNING_ROUTES,
  ...TEAM_ROUTES
}

export type Api = typeof API
export type Route = keyof Api
