// Out-of-order answers: when several refetches overlap, only the most recently started one may apply its result.

/**
 * Wraps a loader so that an answer arriving after a newer call was started is dropped. Without this, a
 * slow response to an earlier refetch can overwrite fresher data (a responder's new assignment flickering
 * back to "no current assignment").
 */
export function latestOnly<T> (fetch: () => Promise<T>, apply: (value: T) => void): () => Promise<void> {
  let started = 0
  return async () => {
    const mine = ++started
    const value = await fetch()
    if (mine === started) apply(value)
  }
}
