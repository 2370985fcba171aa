// Wire schemas of what the web app reads before anything else: its settings and the LAPD outlines.
import { Type, type Static } from 'typebox'

export const AppConfigSchema = Type.Object({
  tileUrl: Type.String({ description: "Tile URL template; '' means outlines and markers only" }),
  tileAttribution: Type.String(),
  staleAfterSeconds: Type.Integer({ description: 'A team location older than this is stale (STALE_LOCATION_SECONDS)' })
})
export type AppConfig = Static<typeof AppConfigSchema>

export const DivisionOutlinesSchema = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        properties: Type.Object({ name: Type.String(), number: Type.Union([Type.String(), Type.Null()]) }),
        geometry: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) })
      })
    )
  },
  { description: 'GeoJSON FeatureCollection (sent pre-serialized and cached)' }
)
