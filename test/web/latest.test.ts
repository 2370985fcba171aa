// latestOnly: overlapping refetches apply only the newest one started, whatever order they finish in.
import { describe, expect, it } from 'vitest'
import { latestOnly } from '../../web/lib/latest'

function deferred<T> () {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((_resolve) => {
    resolve = _resolve
  })
  return { promise, resolve }
}

describe('latestOnly', () => {
  it('drops an older answer that arrives after a newer one', async () => {
    const answers = [deferred<string>(), deferred<string>()]
    let call = 0
    const applied: string[] = []
    const load = latestOnly(
      async () => await answers[call++].promise,
      (v) => applied.push(v)
    )

    const first = load()
    const second = load()
    answers[1].resolve('assigned')
    await second
    answers[0].resolve('no assignment')
    await first

    expect(applied).toEqual(['assigned'])
  })

  it('applies every answer when the calls do not overlap', async () => {
    let n = 0
    const applied: number[] = []
    const load = latestOnly(
      async () => ++n,
      (v) => applied.push(v)
    )

    await load()
    await load()

    expect(applied).toEqual([1, 2])
  })
})
