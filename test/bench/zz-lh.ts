// temporary: lighthouse N runs on one page (not committed)
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import lighthouse from 'lighthouse'
import { chromium } from 'playwright-core'
import { CHROMIUM, DEMO_PASSWORD, startDemoServer } from '../helpers/e2e'

const N = Number(process.env.N ?? 3)
const P = process.env.P ?? '/field'
const server = await startDemoServer({ env: { TILE_URL: '' } })
try {
  const r = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'responder@demo.care', password: DEMO_PASSWORD }) })
  const { token } = await r.json() as { token: string }
  const user = await (await fetch(`${server.base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()
  for (let i = 0; i < N; i++) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zz-lh-'))
    const proc = spawn(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] })
    const port = await new Promise<number>((resolve) => { let e = ''; proc.stderr!.on('data', (d) => { e += d; const m = /DevTools listening on ws:\/\/[^\s/]+:(\d+)\//.exec(e); if (m) resolve(Number(m[1])) }) })
    if (P !== '/') {
      const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`)
      const page = await cdp.contexts()[0].newPage()
      await page.goto(`${server.base}/health`)
      await page.evaluate(({ token, user }) => { localStorage.setItem('cd.token', token); localStorage.setItem('cd.user', JSON.stringify({ user, token })) }, { token, user })
      await page.close(); await cdp.close()
    }
    const res = await lighthouse(`${server.base}${P}`, { port, hostname: '127.0.0.1', output: 'json', logLevel: 'error', onlyCategories: ['performance'], disableStorageReset: P !== '/' })
    const a = res!.lhr.audits
    fs.writeFileSync(`/tmp/lh/zz-${i}.json`, JSON.stringify(res!.lhr))
    console.log(`perf ${res!.lhr.categories.performance.score} FCP ${a['first-contentful-paint'].numericValue!.toFixed(0)} LCP ${a['largest-contentful-paint'].numericValue!.toFixed(0)} TBT ${a['total-blocking-time'].numericValue!.toFixed(0)} CLS ${a['cumulative-layout-shift'].numericValue!.toFixed(3)} SI ${a['speed-index'].numericValue!.toFixed(0)} bench ${res!.lhr.environment.benchmarkIndex} load ${os.loadavg()[0].toFixed(1)}`)
    const ex = new Promise((resolve) => proc.once('exit', resolve)); proc.kill(); await ex; fs.rmSync(profile, { recursive: true, force: true })
  }
} finally { await server.stop() }
