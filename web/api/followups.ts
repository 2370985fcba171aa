// Follow-ups and referrals for the worklist: typed from the server's contracts.
import type { FollowUp, Referral } from '../../server/contracts/followups'
import { api } from './client'

export type { FollowUp, Referral }
export type FollowUpStatus = 'due' | 'overdue' | 'done'

export const followUps = async (status: FollowUpStatus) => (await api<{ items: FollowUp[] }>('GET', `/api/follow-ups?status=${status}`)).items
export const recordAttempt = async (id: string, outcome: string, note: string) => await api<FollowUp>('POST', `/api/follow-ups/${id}/attempts`, { outcome, note })
export const completeFollowUp = async (id: string, note: string) => await api<FollowUp>('POST', `/api/follow-ups/${id}/complete`, note ? { note } : {})
export const moveReferral = async (id: string, status: string) => await api<Referral>('PATCH', `/api/referrals/${id}`, { status })
