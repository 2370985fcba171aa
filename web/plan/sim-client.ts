// The page's side of the simulator worker: one request at a time, progress reported, Cancel ends the worker
// (a replication cannot be interrupted from outside) and the next request starts a fresh one.
import type { WorkerReply, WorkerRequest } from './sim-protocol'

type Final = Exclude<WorkerReply, { type: 'progress' } | { type: 'error' }>

export class Cancelled extends Error {
  constructor () {
    super('cancelled')
    this.name = 'Cancelled'
  }
}

export class SimClient {
  private worker: Worker | null = null
  private pending: { reject: (e: Error) => void } | null = null

  private get (): Worker {
    this.worker ??= new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'simulator' })
    return this.worker
  }

  get busy (): boolean {
    return this.pending !== null
  }

  async request<T extends Final['type']>(
    msg: WorkerRequest,
    want: T,
    onProgress?: (done: number, total: number) => void
  ): Promise<Extract<Final, { type: T }>> {
    if (this.pending) throw new Error('the simulator is busy')
    const w = this.get()
    return await new Promise((resolve, reject) => {
      this.pending = { reject }
      w.onmessage = (e: MessageEvent<WorkerReply>) => {
        const m = e.data
        if (m.type === 'progress') {
          onProgress?.(m.done, m.total)
          return
        }
        this.pending = null
        if (m.type === 'error') reject(new Error(m.message))
        else if (m.type === want) resolve(m as Extract<Final, { type: T }>)
        else reject(new Error(`unexpected answer ${m.type}`))
      }
      w.onerror = (e) => {
        this.pending = null
        this.worker?.terminate()
        this.worker = null
        reject(new Error(e.message || 'the simulator stopped'))
      }
      w.postMessage(msg)
    })
  }

  cancel (): void {
    this.worker?.terminate()
    this.worker = null
    const p = this.pending
    this.pending = null
    p?.reject(new Cancelled())
  }

  dispose (): void {
    this.cancel()
  }
}
