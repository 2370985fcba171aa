// Marker icons, made once per category/priority: a coloured pin with the priority number.
import L from 'leaflet'
import { CATEGORY_COLOR } from '../lib/format'

const cache = new Map<string, L.DivIcon>()

export function callIcon (category: string, priority: number, selected = false): L.DivIcon {
  const key = `${category}:${priority}:${selected ? 1 : 0}`
  let icon = cache.get(key)
  if (!icon) {
    // A class per category, not an inline style: the content-security policy allows no style attributes.
    const cat = category in CATEGORY_COLOR ? category : 'other'
    icon = L.divIcon({
      className: 'call-icon',
      html: `<span class="call-pin cat-${cat}${selected ? ' selected' : ''}">P${priority}</span>`,
      iconSize: [30, 30],
      iconAnchor: [15, 15]
    })
    cache.set(key, icon)
  }
  return icon
}

export const pickIcon = L.divIcon({
  className: 'call-icon',
  html: '<span class="pick-pin">+</span>',
  iconSize: [26, 26],
  iconAnchor: [13, 13]
})
