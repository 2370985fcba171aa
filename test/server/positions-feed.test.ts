// Unit: the live positions feed, on a fake store. A newcomer's first batch is full; later batches carry each team
// that moved once; a fix numbered before one already seen but committed after it still goes out.
import { afterEach, describe, expect, it } from 'vitest'
import { createPositionsFeed, type FeedFix, type PositionsFeed } from '../../server/modules/realtime/positions-feed'

const fix = (teamId: string, seq: number, lat = 34): FeedFix => ({ teamId, lat, lon: -118, accuracyMeters: null, at: new Date(0), seq })

describe('positions feed', () => {
  let feed: PositionsFeed | null = null
  afterEach(async () => {
    await feed?.close()
  })

  it('gives a newcomer every team, then only the teams that moved, each once, late commits included', async () => {
    // what the database shows: the latest fix per team (committed ones only)
    const store = new Map<string, FeedFix>([
      ['a', fix('a', 1)],
      ['b', fix('b', 2)]
    ])
    const reads: Array<number | null> = []
    let clock = 0
    feed = createPositionsFeed({
      read: async (after) => {
        reads.push(after)
        return [...store.values()].filter((f) => after === null || f.seq > after)
      },
      intervalMs: 20,
      lookbackMs: 5000,
      now: () => clock
    })
    const got: Array<{ full: boolean; fixes: string[] }> = []
    const tick = async () => {
      const n = got.length
      clock += 1000
      for (let i = 0; i < 100 && got.length === n; i++) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    feed.add({ deliver: (fixes, full) => got.push({ full, fixes: fixes.map((f) => `${f.teamId}${f.seq}`) }) })
    await tick()
    expect(got).toEqual([{ full: true, fixes: ['a1', 'b2'] }])

    // nothing moves for a while: no batch, and reads now start from a number seen 5 s before
    for (let i = 0; i < 6; i++) {
      clock += 1000
      await new Promise((resolve) => setTimeout(resolve, 30))
    }
    expect(got.length).toBe(1)
    // a moves (seq 5) and c appears (seq 7); b's next fix took seq 6 but has not committed yet
    store.set('a', fix('a', 5))
    store.set('c', fix('c', 7))
    await tick()
    // b's fix 6 commits after 7 was seen: the read looks back far enough to find it
    store.set('b', fix('b', 6))
    await tick()
    expect(reads.at(-1)).not.toBeNull()
    expect(reads.at(-1)!).toBeLessThan(6)
    store.set('a', fix('a', 8))
    await tick()

    expect(got.slice(1)).toEqual([
      { full: false, fixes: ['a5', 'c7'] },
      { full: false, fixes: ['b6'] },
      { full: false, fixes: ['a8'] }
    ])
  })

  it('stops reading when its last client leaves', async () => {
    let reads = 0
    feed = createPositionsFeed({
      read: async () => {
        reads++
        return []
      },
      intervalMs: 10
    })
    const leave = feed.add({ deliver: () => {} })
    await new Promise((resolve) => setTimeout(resolve, 60))
    leave()
    await new Promise((resolve) => setTimeout(resolve, 30))
    const after = reads
    await new Promise((resolve) => setTimeout(resolve, 60))

    expect(after).toBeGreaterThan(1)
    expect(reads).toBe(after)
  })

  it('hands a batch to many clients a slice at a time: each gets it once, one that leaves midway gets nothing more', async () => {
    let seq = 1
    let hold: (() => void) | null = null
    let reading = (): void => {}
    const readStarted = new Promise<void>((resolve) => (reading = resolve))
    feed = createPositionsFeed({
      read: async () => {
        // the first read after a fix moved waits until the test lets it go: a newcomer leaves while it runs
        if (seq === 2 && hold === null) {
          reading()
          await new Promise<void>((resolve) => (hold = resolve))
        }
        return [fix('a', seq)]
      },
      intervalMs: 10
    })
    const got = new Map<number, string[]>()
    const leaves: Array<() => void> = []
    for (let i = 0; i < 65; i++) {
      got.set(i, [])
      leaves.push(
        feed.add({
          deliver: (fixes, full) => {
            got.get(i)!.push(`${full ? 'full' : 'moved'} ${fixes.map((f) => `${f.teamId}${f.seq}`).join()}`)
            // the first client to get the moved batch makes the last one leave before its slice comes
            if (i === 0 && !full) leaves[64]()
          }
        })
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 30))
    seq = 2
    const late = feed.add({ deliver: () => got.set(99, ['written']) })
    await readStarted
    late()
    hold!()
    for (let i = 0; i < 100 && got.get(63)!.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5))

    for (let i = 0; i < 64; i++) expect(got.get(i)).toEqual(['full a1', 'moved a2'])
    expect(got.get(64)).toEqual(['full a1'])
    // the newcomer that left during the read was never written to nor kept
    expect(got.has(99)).toBe(false)
    expect(feed.clientCount()).toBe(64)
  })
})
