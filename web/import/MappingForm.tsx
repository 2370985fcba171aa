// Drop-downs mapping the file's columns to the fields of a call record; two for a date + time, several for an address.
import type { Mapping } from '../api/imports'

export type Field = keyof Mapping
export type Draft = Partial<Record<Field, string[]>>

const FIELDS: Array<{ field: Field; label: string; slots: number; required?: boolean; hint?: string }> = [
  { field: 'received', label: 'Received', slots: 2, required: true, hint: 'a date-time column, or a date column and a time column' },
  { field: 'type', label: 'Call type', slots: 1, required: true },
  { field: 'id', label: 'Incident id', slots: 1, hint: 'without it, a record is known by a hash of its row' },
  { field: 'priority', label: 'Priority', slots: 1 },
  { field: 'lat', label: 'Latitude', slots: 1 },
  { field: 'lon', label: 'Longitude', slots: 1 },
  { field: 'address', label: 'Address', slots: 5, hint: 'parts joined in order' },
  { field: 'area', label: 'Area or beat', slots: 1 },
  { field: 'disposition', label: 'Disposition', slots: 1 },
  { field: 'dispatched', label: 'Dispatched', slots: 2 },
  { field: 'enroute', label: 'En route', slots: 2 },
  { field: 'onscene', label: 'On scene', slots: 2 },
  { field: 'cleared', label: 'Cleared', slots: 2 }
]

export function MappingForm ({ header, mapping, onChange }: { header: string[]; mapping: Draft; onChange: (m: Draft) => void }) {
  const set = (field: Field, slot: number, column: string): void => {
    const cols = [...(mapping[field] ?? [])]
    cols[slot] = column
    const kept = cols.filter((c) => c !== undefined && c !== '')
    const next = { ...mapping }
    if (kept.length === 0) delete next[field]
    else next[field] = kept
    onChange(next)
  }
  return (
    <fieldset className='mapping'>
      <legend>Which column holds what</legend>
      {FIELDS.map(({ field, label, slots, required, hint }) => {
        const cols = mapping[field] ?? []
        // one more drop-down than columns chosen, up to the field's limit
        const shown = Math.min(slots, cols.length + 1)
        return (
          <div className='map-field' key={field}>
            <span className='map-label' id={`map-${field}`}>
              {label}
              {required ? ' *' : ''}
              {hint && <small className='muted'> ({hint})</small>}
            </span>
            <span className='map-selects'>
              {Array.from({ length: shown }, (_, slot) => (
                <select
                  key={slot}
                  aria-label={slot === 0 ? label : `${label}, column ${slot + 1}`}
                  value={cols[slot] ?? ''}
                  onChange={(e) => set(field, slot, e.target.value)}
                >
                  <option value=''>{slot === 0 ? '(not in the file)' : '(no more)'}</option>
                  {header.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              ))}
            </span>
          </div>
        )
      })}
    </fieldset>
  )
}
