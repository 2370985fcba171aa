// The live map, its code (with Leaflet) loaded the first time a map is shown: the care team's phone paints its
// assignment, and a phone with no call its whole screen, without fetching or running Leaflet first. Meanwhile an empty
// box of the map's size (its class names give it the size) holds its place, so nothing on the screen moves when it comes.
import { lazyScreen } from '../app/lazy-screen'
import type { LiveMapProps } from './LiveMap'

export const LazyLiveMap = lazyScreen<LiveMapProps>(
  async () => (await import('./LiveMap')).LiveMap,
  ({ className }) => <div className={className} role='status' aria-label='Loading the map' />
)
