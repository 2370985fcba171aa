// Lint rules: neostandard (as in fastify/demo), TypeScript aware, plus the boundaries between the three programs
// and between the server's modules (eslint-plugin-boundaries), so a forbidden import fails `npm run lint`.
import neostandard from 'neostandard'
import boundaries from 'eslint-plugin-boundaries'

/** server/lib files with no server machinery in them (no Fastify, no database, no request state): shared with web/ and simulations/. */
export const PURE_LIB = ['area-sets', 'csv', 'la-data', 'la-data-parse', 'local-time', 'schema-errors']

const ofType = (...types) => ({ element: { types: { anyOf: types } } })
const pureLib = { element: { type: 'server' }, file: { categories: 'pure' } }
/** A module other than the importing file's. */
const otherModule = { type: 'module', captured: { module: '!{{ from.element.captured.module }}' } }

export const boundariesConfig = {
  files: ['server/**/*.{ts,mjs}', 'web/**/*.{ts,tsx}', 'simulations/**/*.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
    // The first descriptor a file's folder matches is its element.
    'boundaries/elements': [
      { type: 'contracts', pattern: 'server/contracts', partialMatch: false },
      { type: 'domain', pattern: 'server/domain', partialMatch: false },
      { type: 'module', pattern: 'server/modules/*', partialMatch: false, capture: ['module'] },
      { type: 'server', pattern: 'server', partialMatch: false },
      { type: 'web', pattern: 'web', partialMatch: false },
      { type: 'simulations', pattern: 'simulations', partialMatch: false }
    ],
    'boundaries/files': [
      // A module's own storage: other modules go through its service.
      { category: 'private', pattern: 'server/modules/*/*.{repository,tables}.ts' },
      { category: 'pure', pattern: `server/lib/{${PURE_LIB.join(',')}}.ts` }
    ]
  },
  rules: {
    // Policies are read in order and the last one matching an import decides.
    'boundaries/dependencies': [
      'error',
      {
        default: 'allow',
        policies: [
          {
            from: ofType('web', 'simulations'),
            disallow: { to: ofType('module', 'server') },
            message: 'web/ and simulations/ import only server/contracts, server/domain and the pure parts of server/lib'
          },
          { from: ofType('web', 'simulations'), allow: { to: pureLib } },
          {
            from: ofType('contracts', 'domain'),
            disallow: { to: ofType('module', 'server') },
            message: 'server/contracts and server/domain import only each other and the pure parts of server/lib'
          },
          { from: ofType('contracts', 'domain'), allow: { to: pureLib } },
          {
            from: pureLib,
            disallow: { to: ofType('module', 'server') },
            message: 'a pure server/lib file imports only server/contracts, server/domain and other pure lib files'
          },
          { from: pureLib, allow: { to: pureLib } },
          {
            from: ofType('module'),
            disallow: { to: { element: otherModule, file: { categories: 'private' } } },
            message: 'a module reaches another module through its service, never its repository or tables'
          }
        ]
      }
    ]
  }
}

export default [
  ...neostandard({
    ts: true,
    ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'test-results/**', 'sim-out/**', 'coverage/**']
  }),
  boundariesConfig,
  {
    rules: {
      // Prettier (npm run format) writes a JSX ternary as `cond ? (` … `) : (` …: accepted in JSX only.
      '@stylistic/multiline-ternary': ['error', 'always-multiline', { ignoreJSX: true }],
      // No line over 140 characters (npm run format gets the tree there). A regular expression or a template literal
      // that npm run format cannot break (no space in its text, only ${…} parts) is let through; a URL too.
      '@stylistic/max-len': [
        'error',
        {
          code: 140,
          tabWidth: 2,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          ignoreTemplateLiterals: true
        }
      ]
    }
  }
]
