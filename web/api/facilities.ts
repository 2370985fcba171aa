// Facilities and their live capacity, the hand-off at the door, and the transports report.
import type { CapacityBody, CreateFacility, Facility, FacilityKind, Transport, TransportsReport, UpdateFacility } from '../../server/contracts/facilities'
import { api } from './client'

export type { Facility, FacilityKind, Transport, TransportsReport }

export const facilities = async (q: { kinds?: readonly FacilityKind[], near?: { lat: number, lon: number }, limit?: number, retired?: boolean } = {}) => {
  const p = new URLSearchParams()
  if (q.kinds && q.kinds.length > 0) p.set('kind', q.kinds.join(','))
  if (q.near) p.set('near', `${q.near.lat},${q.near.lon}`)
  if (q.limit) p.set('limit', String(q.limit))
  if (q.retired) p.set('retired', 'include')
  const s = p.toString()
  return await api<Facility[]>('GET', `/api/facilities${s ? `?${s}` : ''}`)
}
export const facility = async (id: string) => await api<Facility>('GET', `/api/facilities/${id}`)
export const reportCapacity = async (id: string, body: CapacityBody) => await api<Facility>('POST', `/api/facilities/${id}/capacity`, body)
export const createFacility = async (body: CreateFacility) => await api<Facility>('POST', '/api/facilities', body)
export const updateFacility = async (id: string, body: UpdateFacility) => await api<Facility>('PATCH', `/api/facilities/${id}`, body)
export const transportsOf = async (callId: string) => await api<Transport[]>('GET', `/api/calls/${callId}/transports`)
export const transportsReport = async (q: { from?: string, to?: string } = {}) => {
  const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined))
  return await api<TransportsReport>('GET', `/api/reports/transports${p.size ? `?${p.toString()}` : ''}`)
}
export const handoffPath = (callId: string): string => `/api/calls/${callId}/handoff`
