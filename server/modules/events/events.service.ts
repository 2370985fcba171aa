// The events module's public face: other modules append to and read the event log through these, never through
// events.repository. The log is written inside other modules' transactions and statements (a call and its events
// commit together), so these are functions taking the caller's executor rather than a service object; what is not
// exported here (the row mapping, the table) stays the module's own.
export {
  EVENTS_CHANNEL,
  appendEvents,
  eventsForCall,
  eventsOfRowCte,
  eventsSince,
  insertedEventsJson,
  latestSeq,
  notifyNewEvents
} from './events.repository'
