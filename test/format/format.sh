#!/usr/bin/env bash
# npm run format: the whole tree to at most 140 characters a line, in the house style (neostandard), in one go.
#   1. `// eslint-disable-line` after code moves above its line as `eslint-disable-next-line` (Prettier may move a
#      trailing comment elsewhere, where ESLint would find the directive unused and --fix would delete it).
#   2. Prettier (.prettierrc.json: 136 wide, no semicolons, single quotes), then eslint --fix for what neostandard wants
#      otherwise (a space before a function's parenthesis, braces around a body on several lines: `curly`), then
#      Prettier again, since a body eslint wrapped in braces stands on one line until Prettier breaks it.
#   3. Comment lines and string literals still too long are wrapped (Prettier breaks neither): test/format/wrap-comments.mjs,
#      test/format/split-long-strings.mjs; both list what they cannot wrap.
#   4. eslint --fix once more (twice when a first pass leaves something its fix loop did not settle); the last pass
#      prints what is left, and the command fails if anything is.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PATH"
SOURCES=('{server,web,simulations,test,migrations}/**/*.{ts,tsx,js,mjs}' '*.{js,ts}')

node test/format/wrap-comments.mjs --directives
prettier --log-level warn --write "${SOURCES[@]}"
eslint --fix . > /dev/null || true
prettier --log-level warn --write "${SOURCES[@]}"
node test/format/wrap-comments.mjs
node test/format/split-long-strings.mjs
eslint --fix . > /dev/null || eslint --fix .
