// A CAD export with every quirk of real files, and the mapping that reads it (shared by the import tests).
import type { ColumnMapping } from '../../../server/modules/history/import-mapping'

export const QUIRKS_MAP =
  'id=Incident No,received=Call Date+Call Time,type=Nature,priority=Pri,lat=Lat,lon=Lon,address=St ' +
  'Num+Street,area=Beat,disposition=Dispo,dispatched=Dispatched,enroute=Enroute,onscene=Onscene,cleared=Cleared'

export const QUIRKS_MAPPING: ColumnMapping = {
  id: ['Incident No'],
  received: ['Call Date', 'Call Time'],
  type: ['Nature'],
  priority: ['Pri'],
  lat: ['Lat'],
  lon: ['Lon'],
  address: ['St Num', 'Street'],
  area: ['Beat'],
  disposition: ['Dispo'],
  dispatched: ['Dispatched'],
  enroute: ['Enroute'],
  onscene: ['Onscene'],
  cleared: ['Cleared']
}

const HEADER = 'Incident No,Call Date,Call Time,Nature,Pri,Lat,Lon,St Num,Street,Beat,Dispo,Dispatched,Enroute,Onscene,Cleared,Notes'

/** Line numbers are physical: line 4 holds a quoted newline, so the next record starts on line 6. */
export const QUIRKS_CSV =
  '\ufeff' +
  [
    HEADER,
    // 2: full chain, ISO with zone, HTML entity in the call type, US date and 12-hour time
    '24-0001,01/15/2024,11:58:07 PM,HIT &amp; RUN NO INJ,2,34.0537,-118.2428,200,N SPRING ' +
    'ST,1A1,RPT,2024-01-16T08:00:00Z,2024-01-16T08:02:00Z,2024-01-16T08:10:00Z,2024-01-16T08:40:00Z,',
    // 3: no coordinates (empty), no chain, house number 0, a code-book code
    '24-0002,2024-01-16,00:05,5150,1,,,0,5TH AVE &amp; G ST,,,,,,,""',
    // 4-5: a quoted newline and doubled quotes in the notes; coordinates 0,0 mean "not located"
    '24-0003,2024-01-16,0130,WELFARE CHECK,3,0,0,1200,S MAIN ST,2B,ADV,,,,,"caller said ""he hears voices""\r\nsecond line"',
    // 6: missing call type
    '24-0004,2024-01-16,01:31,,3,,,,,,,,,,,',
    // 7: a received date it cannot read
    '24-0005,2024-02-30,01:32,EDP,3,,,,,,,,,,,',
    // 8: a field too many
    '24-0006,2024-01-16,01:33,EDP,3,,,,,,,,,,,,extra',
    // 9: projected coordinates
    '24-0007,2024-01-16,01:34,EDP,3,1841234.5,6483211.2,,,,,,,,,',
    // 10: a bad on-scene time
    '24-0008,2024-01-16,01:35,EDP,3,,,,,,,,,yesterday,,',
    // 11: broken quoting (the quote never closes on its line; a later quote is followed by text)
    '24-0009,2024-01-16,01:36,"DISTURBANCE,3,,,,,,,,,,,',
    // 12: a good row after the broken one, NULL markers, spring-forward time read in Los Angeles
    '24-0010,03/10/2024,02:30,DISABLED VEHICLE,NULL,34.0,-118.3,NULL,W "B" ST,,,,,,,ok'
  ].join('\r\n') +
  '\r\n'

export const QUIRKS_REJECTS = [
  [6, 'missing_call_type'],
  [7, 'bad_received_time'],
  [8, 'wrong_field_count'],
  [9, 'bad_coordinates'],
  [10, 'bad_on_scene_time'],
  [11, 'malformed_csv']
]
