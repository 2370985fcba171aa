// Web test setup: Testing Library cleanup after each test; a clean localStorage.
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import { queryClient } from '../../web/api/queries'

afterEach(() => {
  cleanup()
  localStorage.clear()
  // each test's fetch answers its own data: nothing cached by the one before
  queryClient.clear()
})
