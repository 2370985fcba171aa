// What is known of a call's location besides its point: the chosen label, where the point came from, the
// nearest street corner, and a warning when the typed address was found far from the pin.
import { formatDistance, SOURCE_LABEL } from '../api/geocoding'
import type { Call } from '../api/resources'
import './geocode.css'

/** `compact`: the care team's phone: the label and the corner, no source or address check. */
export function LocationFacts ({ location, compact = false }: { location: Call['location']; compact?: boolean }) {
  // a call saved on the phone before these were kept has none of them
  const label = location.label ?? null
  const source = location.source ?? null
  const corner = location.nearestCorner ?? null
  const mismatch = location.mismatch ?? null
  if (label === null && corner === null && (compact || (source === null && mismatch === null))) return null
  return (
    <div className='loc-facts' data-testid='location-facts'>
      {(label !== null || (!compact && source !== null)) && (
        <p>
          {label !== null && label !== location.address && (
            <>
              Location: <strong>{label}</strong>
            </>
          )}
          {!compact && source !== null && (
            <span className='badge loc-source' title='Where the point came from'>
              {SOURCE_LABEL[source] ?? source}
            </span>
          )}
        </p>
      )}
      {corner !== null && (
        <p>
          Nearest corner: <strong>{corner.label}</strong> ({formatDistance(corner.distanceMeters)})
        </p>
      )}
      {!compact && mismatch !== null && (
        <p className='loc-warning'>
          <strong>Check the location:</strong> the address “{location.address}” was found at {mismatch.label},{' '}
          {formatDistance(mismatch.distanceMeters)} from the pin.
        </p>
      )}
    </div>
  )
}
