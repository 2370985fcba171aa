// Follow-ups and referrals for the worklist: typed from the route table.
import type { FollowUp, Referral } from '../../server/contracts/followups'
import { call, type Body, type Query } from './client'

export type { FollowUp, Referral }
export type FollowUpStatus = NonNullable<Query<'GET /api/follow-ups'>['status']>

export const followUps = async (status: FollowUpStatus) => (await call('GET /api/follow-ups', { query: { status } })).items
export const recordAttempt = async (id: string, outcome: Body<'POST /api/follow-ups/:id/attempts'>['outcome'], note: string) =>
  await call('POST /api/follow-ups/:id/attempts', { params: { id }, body: { outcome, note } })
export const completeFollowUp = async (id: string, note: string) =>
  await call('POST /api/follow-ups/:id/complete', { params: { id }, body: note ? { note } : {} })
export const moveReferral = async (id: string, status: Body<'PATCH /api/referrals/:id'>['status']) =>
  await call('PATCH /api/referrals/:id', { params: { id }, body: { status } })
