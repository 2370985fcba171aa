// Lint rules: neostandard (as in fastify/demo), TypeScript aware.
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'test-results/**', 'sim-out/**', 'coverage/**']
  })
]
