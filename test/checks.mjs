// `npm test` runs this first: the type check, the lint and the web app's build, side by side (each mostly uses one
// core), each one's output printed whole when it ends; it fails if any of them fails.
import { spawn } from 'node:child_process'

const steps = [
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['web build', process.execPath, ['server/ensure-web-build.mjs']]
]

const results = await Promise.all(
  steps.map(
    ([name, cmd, args]) =>
      new Promise((resolve) => {
        const t0 = Date.now()
        const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
        let out = ''
        child.stdout.on('data', (d) => {
          out += d
        })
        child.stderr.on('data', (d) => {
          out += d
        })
        child.on('close', (code) => {
          process.stdout.write(
            `== ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n${out}`
          )
          resolve(code === 0)
        })
      })
  )
)
if (results.includes(false)) process.exit(1)
