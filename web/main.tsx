// Web entry: Leaflet CSS once, app styles, the React root.
import 'leaflet/dist/leaflet.css'
import './styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { ErrorBoundary } from './lib/ErrorBoundary'
import { registerServiceWorker } from './lib/service-worker'

createRoot(document.getElementById('root')!).render(<StrictMode><ErrorBoundary what='app'><App /></ErrorBoundary></StrictMode>)
registerServiceWorker()
