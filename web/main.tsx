// Web entry: app styles, the React root. Leaflet's style sheet comes with the map (web/map/BaseMap.tsx), not on every page.
import './styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, preloadRememberedScreen } from './App'
import { ErrorBoundary } from './lib/ErrorBoundary'
import { registerServiceWorker } from './lib/service-worker'

preloadRememberedScreen()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary what='app'>
      <App />
    </ErrorBoundary>
  </StrictMode>
)
registerServiceWorker()
