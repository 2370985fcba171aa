// Triage: a dry run for the intake form's live preview (nothing stored), the protocol in force and its
// screening questions (the web app asks here instead of bundling protocol.json), and the protocol's
// versions: an admin uploads one, reviews its impact, and activates it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Answers } from '../../domain/triage/types'
import { ROLES } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { ImpactSources, ProtocolsService } from './protocols.service'
import { API } from '../../contracts/api'

export interface TriageRoutesOptions {
  protocols: ProtocolsService
  /** What the impact review reads (live calls, imported history); without it the review covers the uploaded list only. */
  impactSources?: ImpactSources
}

const NO_SOURCES: ImpactSources = { liveCalls: async () => [], importedCallTypes: async () => [] }

const ALL = [...ROLES]

export const triageRoutes: FastifyPluginAsyncTypebox<TriageRoutesOptions> = async (app, { protocols, impactSources = NO_SOURCES }) => {
  app.post(
    '/api/triage',
    {
      config: { roles: [...ALL] },
      schema: { tags: ['triage'], summary: 'Triage without saving anything (live preview)', ...API['POST /api/triage'] }
    },
    async (req) =>
      protocols.triage({
        answers: req.body.answers as Answers | undefined,
        narrative: req.body.narrative,
        callType: req.body.callType,
        personAge: req.body.personAge,
        placeKind: req.body.placeKind
      })
  )

  app.get(
    '/api/triage/protocol',
    {
      config: { roles: [...ALL] },
      schema: {
        tags: ['triage'],
        summary: 'The protocol version in force and its screening questions, as it words them',
        ...API['GET /api/triage/protocol']
      }
    },
    async () => {
      const p = protocols.current()
      return {
        version: p.version,
        name: p.name,
        questions: p.questions.map((q) => ({ id: q.id, label: q.label, text: q.text, safeAnswer: q.safeAnswer })),
        youthMaxAge: p.youth?.maxAge ?? null
      }
    }
  )

  app.get(
    '/api/triage/protocols',
    {
      config: { roles: ['admin', 'supervisor'] },
      schema: { tags: ['triage'], summary: 'Every stored protocol version, and which is in force', ...API['GET /api/triage/protocols'] }
    },
    async () => await protocols.list()
  )

  app.get(
    '/api/triage/protocols/:version',
    {
      config: { roles: ['admin', 'supervisor'] },
      schema: {
        tags: ['triage'],
        summary: 'One protocol version with its document (old versions stay readable)',
        ...API['GET /api/triage/protocols/:version']
      }
    },
    async (req) => await protocols.get(req.params.version)
  )

  app.post(
    '/api/triage/protocols',
    {
      config: { roles: ['admin'] },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['triage'],
        summary: 'Upload a protocol version (validated; not in force until activated)',
        description:
          'The body is a protocol document (server/domain/triage/protocol.schema.json). A problem answers 400 naming its JSON path, e.g. ' +
          'body/rules[3].response. The same version with other content answers 409.',
        ...API['POST /api/triage/protocols']
      }
    },
    async (req, reply) => {
      const out = await protocols.upload(req.body, userOf(req).id)
      return await reply.code(out.created ? 201 : 200).send(out)
    }
  )

  app.post(
    '/api/triage/protocols/:version/activate',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['triage'],
        summary: 'Put a stored version in force, for every server process (audited)',
        ...API['POST /api/triage/protocols/:version/activate']
      }
    },
    async (req) => await protocols.activate(req.params.version, userOf(req).id)
  )

  app.post(
    '/api/triage/protocols/:version/diff',
    {
      config: { roles: ['admin'] },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['triage'],
        summary: 'Impact review: what this version would change against the one in force',
        description:
          'Every call type whose category, response or priority would change, with the rules that made the difference, and the totals ' +
          '(weighted by count when given). Nothing is stored.',
        ...API['POST /api/triage/protocols/:version/diff']
      }
    },
    async (req) => {
      const items = req.body.callTypes.map((c) =>
        typeof c === 'string' ? { callType: c } : { callType: c.callType, description: c.description ?? null, count: c.count }
      )
      return await protocols.diff(req.params.version, items)
    }
  )

  app.post(
    '/api/triage/protocols/validate',
    {
      config: { roles: ['admin'] },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['triage'],
        summary:
          'Check a protocol document without storing it: every problem with its JSON path (the upload page shows each beside its place)',
        ...API['POST /api/triage/protocols/validate']
      }
    },
    async (req) => protocols.check(req.body)
  )

  app.post(
    '/api/triage/protocols/:version/impact',
    {
      config: { roles: ['admin'] },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['triage'],
        summary:
          "Impact review before activation: the last days' calls (live and imported) and an uploaded call-type list, under the version " +
          'in force and this one',
        description:
          'As data, the table `npm run triage -- diff` prints: which call types move, how many calls, from what to what, and calls per ' +
          'response before and after. Nothing is stored.',
        ...API['POST /api/triage/protocols/:version/impact']
      }
    },
    async (req) => {
      const callTypes = req.body.callTypes?.map((c) =>
        typeof c === 'string' ? { callType: c } : { callType: c.callType, description: c.description ?? null, count: c.count }
      )
      return await protocols.impact(req.params.version, impactSources, { days: req.body.days ?? 90, callTypes })
    }
  )
}
