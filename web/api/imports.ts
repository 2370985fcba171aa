// The import routes: preview a mapping, create a run, stream the file in, follow it, download its rejects.
import type { CreateImport, ImportRun, Mapping, Preview, PreviewRequest } from '../../server/contracts/history'
import { ApiError, call, getToken, pathOf } from './client'
import { saveBlob } from '../lib/download'

export type { ImportRun, Mapping, Preview }

export const previewImport = async (body: PreviewRequest, signal?: AbortSignal) =>
  await call('POST /api/imports/preview', { body }, { signal })
export const createImport = async (body: CreateImport) => await call('POST /api/imports', { body })
export const getImport = async (id: string) => await call('GET /api/imports/:id', { params: { id } })
export const listImports = async () => await call('GET /api/imports')

async function raw (method: 'GET' | 'PUT', path: string, body?: Blob): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${getToken() ?? ''}` }
  if (body !== undefined) headers['content-type'] = 'text/csv'
  const res = await fetch(path, { method, headers, body })
  if (!res.ok) {
    let e: { code?: string; message?: string } = {}
    try {
      e = (await res.json()) as typeof e
    } catch {
      e = {}
    }
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText)
  }
  return res
}

/** Sends the file itself; the browser streams it and the server reads it as it comes. Answers when it is imported. */
export const uploadImportFile = async (id: string, file: Blob) =>
  (await (await raw('PUT', pathOf('PUT /api/imports/:id/file', { params: { id } }), file)).json()) as ImportRun

/** Saves the rejected rows as a CSV file. */
export async function downloadRejects (run: ImportRun): Promise<void> {
  const blob = await (await raw('GET', pathOf('GET /api/imports/:id/rejects', { params: { id: run.id } }))).blob()
  saveBlob(`${run.fileName.replace(/\.csv$/i, '')}-rejects.csv`, blob)
}
