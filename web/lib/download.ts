// Saving what the app fetched as a file: a blob URL on a temporary link (the CSP allows blob: for this only),
// and the file name the server gave in Content-Disposition.

/** Offers a blob as a file download under `name`. */
export function saveBlob (name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  // revoked later: the browser may still be reading the blob when click() returns
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The file name of an attachment answer (`Content-Disposition: attachment; filename="…"`), or `fallback`. */
export function attachmentName (res: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback
}
