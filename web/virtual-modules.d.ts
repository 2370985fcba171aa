// Modules web/vite.config.ts makes at build time from server/data/la, parsed by server/lib/la-data on Node.
declare module 'virtual:la-data' {
  const rows: import('../server/lib/la-data-parse').LaRows
  export default rows
}
declare module 'virtual:la-stations' {
  const stations: Array<import('../server/lib/la-data-parse').FireStation>
  export default stations
}
