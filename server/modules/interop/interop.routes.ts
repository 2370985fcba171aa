// NENA EIDO routes: a call as an Emergency Incident Data Object, and a call transferred in from a 911 centre
// through the normal intake (triaged as usual), once per upstream incident.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type Call, type CreateCall } from '../../contracts/calls'
import { DESK } from '../../contracts/users'
import { BadRequestError } from '../../lib/errors'
import { userOf } from '../auth/auth.plugin'
import type { AuthUser } from '../auth/auth.service'
import type { CallsService } from '../calls/calls.service'
import type { GeocodingService } from '../geocoding/geocoding.service'
import type { TeamsService } from '../teams/teams.service'
import { callToEido } from './eido.export'
import { importEido } from './eido.import'
import { formatEidoError } from './eido.schema'
import { API } from '../../contracts/api'

export interface InteropRoutesOptions {
  calls: CallsService
  teams: TeamsService
  geocoding: GeocodingService
  afterIntake: (call: Call, actor: AuthUser) => Promise<Call>
  agencyId: string
  timeZone: string
}

export const interopRoutes: FastifyPluginAsyncTypebox<InteropRoutesOptions> = async (app, opts) => {
  const { calls, teams, geocoding, afterIntake } = opts

  app.get(
    '/api/calls/:id/eido',
    {
      config: { roles: DESK },
      schema: {
        tags: ['interop'],
        summary: 'The call as a NENA EIDO (incident, call, location, notes, emergency resources with unit status, disposition)',
        description:
          'Valid against NENA911/EIDO-JSON Schema/openapi.yaml (1.0). The incident type is the APCO common incident type mapped from ' +
          'triage; `incidentTypeInternalCode` is our category.response. Each read is audited like GET /api/calls/:id.',
        ...API['GET /api/calls/:id/eido']
      }
    },
    async (req) => {
      const detail = await calls.get(req.params.id, userOf(req))
      const teamIds = [...new Set(detail.assignments.map((a) => a.teamId))]
      const assigned = await Promise.all(teamIds.map(async (id) => await teams.get(id)))
      return callToEido(detail, { agencyId: opts.agencyId, timeZone: opts.timeZone, teams: assigned }) as unknown as Record<
        string,
        unknown
      > & { eidoVersion: '1.0'; lastUpdateTimeStamp: string; incidentComponent: Record<string, unknown> }
    }
  )

  app.post(
    '/api/interop/eido',
    {
      config: { roles: DESK },
      schema: {
        tags: ['interop'],
        summary: 'A call transferred from a 911 centre as a NENA EIDO: a live call through the normal intake',
        description:
          'Triaged as any call, with source 911_transfer. The same incident (its tracking id) posted again creates no second call: ' +
          'the answer is 200 with the first call and created: false. A transfer with a civic address and no coordinates is geocoded; ' +
          'when no geocoder places it with confidence it is held with its address (`toLocate`, 201) for a dispatcher to place, never ' +
          'refused ' +
          'and never given a guessed point. An invalid document answers 400 with the path of the first error, ' +
          'e.g. `incidentComponent[0].incidentTypeCommonRegistryText: required`.',
        ...API['POST /api/interop/eido']
      }
    },
    async (req, reply) => {
      const r = importEido(req.body)
      if (!r.ok) throw new BadRequestError(formatEidoError(r.error))
      const actor = userOf(req)
      const { incidentId, dedupKey, receivedAt, upstream, responseNotes, warnings, civic, addressText } = r.value
      const transfer = {
        upstreamId: dedupKey,
        details: { incidentId, issuingElement: upstream.issuingElement, upstreamReceivedAt: receivedAt, responseNotes, warnings }
      }
      const { location, ...fields } = r.value.call
      let point: CreateCall['location']
      if (location !== null) {
        point = { ...location, source: '911_transfer' }
      } else {
        // Taken before (as a call, or held): the first answer again, without asking a geocoder twice.
        const before = await calls.findTransfer(dedupKey, actor)
        if (before !== null) {
          return reply.status(200).send({
            call: before.kind === 'call' ? before.call : null,
            toLocate: before.kind === 'held' ? before.held : null,
            created: false,
            incidentId,
            warnings
          })
        }
        const address = addressText ?? ''
        const placed = await geocoding.place(civic ?? { text: address })
        if (placed.status !== 'placed') {
          const { held, replayed } = await calls.hold(
            { input: fields, address, reason: placed.status, reasonText: placed.reasonText, candidates: placed.candidates },
            transfer,
            actor
          )
          return reply.status(replayed ? 200 : 201).send({
            call: null,
            toLocate: held,
            created: !replayed,
            incidentId,
            warnings: [...warnings, `location to confirm: ${placed.reasonText}`]
          })
        }
        const c = placed.candidate
        point = { lat: c.lat, lon: c.lon, address, source: 'geocoded', label: c.label }
        warnings.push(`placed by the ${c.source} geocoder at ${c.label} (${c.precision})`)
      }
      const { call, replayed } = await calls.create({ ...fields, location: point }, actor, transfer)
      if (replayed) return reply.status(200).send({ call, toLocate: null, created: false, incidentId, warnings })
      return reply.status(201).send({ call: await afterIntake(call, actor), toLocate: null, created: true, incidentId, warnings })
    }
  )
}
