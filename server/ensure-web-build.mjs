// Builds the web app (vite) before the server starts when web/dist is missing or older than the web sources.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const web = path.join(root, 'web')
const built = path.join(web, 'dist', 'index.html')

function newest (dir) {
  let t = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue
    const p = path.join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)
  }
  return t
}

// the app also bundles server/contracts and server/domain (lifecycle, triage labels)
const sourcesAt = Math.max(
  newest(web),
  ...['server/contracts', 'server/domain', 'server/lib', 'server/data', 'simulations'].map((d) => newest(path.join(root, d)))
)
const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0
if (builtAt < sourcesAt) {
  console.error(builtAt ? 'web app sources changed: rebuilding web/dist' : 'web app not built yet: building web/dist (once)')
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  // always the production build: under vitest NODE_ENV is 'test', which would bundle React's development build.
  // The config imports the simulator's TypeScript (the planner's worker data) without extensions, which Vite 8
  // bundles fine but warns about for a future native config loader: not something a newcomer should read as an error.
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
  })
  if (r.status !== 0) {
    console.error('web app build failed')
    process.exit(r.status ?? 1)
  }
}
