// Web test setup: Testing Library cleanup after each test; a clean localStorage.
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

afterEach(() => {
  cleanup()
  localStorage.clear()
})
