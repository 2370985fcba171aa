// Facilities and their live capacity, the hand-off at the door, and the transports report.
import type {
  CapacityBody,
  CreateFacility,
  Facility,
  FacilityKind,
  Transport,
  TransportsReport,
  UpdateFacility
} from '../../server/contracts/facilities'
import { call, pathOf } from './client'

export type { Facility, FacilityKind, Transport, TransportsReport }

export const facilities = async (
  q: { kinds?: readonly FacilityKind[]; near?: { lat: number; lon: number }; limit?: number; retired?: boolean } = {}
) =>
  await call('GET /api/facilities', {
    query: {
      ...(q.kinds && q.kinds.length > 0 ? { kind: q.kinds.join(',') } : {}),
      ...(q.near ? { near: `${q.near.lat},${q.near.lon}` } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
      ...(q.retired ? { retired: 'include' as const } : {})
    }
  })
export const facility = async (id: string) => await call('GET /api/facilities/:id', { params: { id } })
export const reportCapacity = async (id: string, body: CapacityBody) =>
  await call('POST /api/facilities/:id/capacity', { params: { id }, body })
export const createFacility = async (body: CreateFacility) => await call('POST /api/facilities', { body })
export const updateFacility = async (id: string, body: UpdateFacility) =>
  await call('PATCH /api/facilities/:id', { params: { id }, body })
export const transportsOf = async (callId: string) => await call('GET /api/calls/:id/transports', { params: { id: callId } })
export const transportsReport = async (q: { from?: string; to?: string } = {}) =>
  await call('GET /api/reports/transports', { query: { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) } })
/** The hand-off's path: the phone's outbox sends it (and replays it offline). */
export const handoffPath = (callId: string): string => pathOf('POST /api/calls/:id/handoff', { params: { id: callId } })
