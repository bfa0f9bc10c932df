// Reads one iCalendar object from stdin, parses it with Mozilla's ical.js (an independent RFC 5545 parser) and prints
// what it understood as JSON, for the C# tests to compare with the data the calendar was written from.
// Times are converted to UTC through the VTIMEZONE definitions in the input itself: nothing is registered with
// ical.js's time-zone service, so a missing or wrong VTIMEZONE shows up as a wrong (or unresolved) time.
// Usage: node parse-ics.mjs < calendar.ics
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

// ical.js has no entry for RFC 7986's NAME (nor the widespread X-WR-CALNAME and X-WR-TIMEZONE) and would return them
// still escaped; they are TEXT, so tell it so.
for (const name of ['name', 'x-wr-calname', 'x-wr-timezone']) {
  ICAL.design.icalendar.property[name] = { defaultType: 'text' };
}

const input = readFileSync(0, 'utf8');
const root = new ICAL.Component(ICAL.parse(input));

function time(property) {
  if (!property) return null;
  const value = property.getFirstValue();
  const zone = value.zone;
  const resolved = zone && zone.tzid !== 'floating';
  return {
    // null when the TZID did not resolve to a definition (the time would be "floating").
    utc: resolved ? new Date(value.toUnixTime() * 1000).toISOString() : null,
    local: value.toString(),
    tzid: property.getParameter('tzid') ?? null,
    zone: zone ? zone.tzid : null,
  };
}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

function address(property) {
  if (!property) return null;
  const params = {};
  for (const [key, value] of Object.entries(property.toJSON()[1])) params[key] = value;
  return { value: property.getFirstValue(), params };
}

const events = root.getAllSubcomponents('vevent').map((vevent) => ({
  uid: text(vevent, 'uid'),
  summary: text(vevent, 'summary'),
  description: text(vevent, 'description'),
  location: text(vevent, 'location'),
  url: text(vevent, 'url'),
  sequence: vevent.getFirstPropertyValue('sequence'),
  status: text(vevent, 'status'),
  transp: text(vevent, 'transp'),
  dtstamp: time(vevent.getFirstProperty('dtstamp')),
  lastModified: time(vevent.getFirstProperty('last-modified')),
  dtstart: time(vevent.getFirstProperty('dtstart')),
  dtend: time(vevent.getFirstProperty('dtend')),
  categories: vevent.getAllProperties('categories').flatMap((p) => p.getValues().map(String)),
  organizer: address(vevent.getFirstProperty('organizer')),
  attendees: vevent.getAllProperties('attendee').map(address),
  propertyNames: vevent.getAllProperties().map((p) => p.name),
}));

const timezones = root.getAllSubcomponents('vtimezone').map((vtz) => ({
  tzid: text(vtz, 'tzid'),
  observances: vtz.getAllSubcomponents().map((o) => ({
    kind: o.name,
    dtstart: o.getFirstPropertyValue('dtstart').toString(),
    offsetFrom: o.getFirstProperty('tzoffsetfrom').toICALString().split(':').pop(),
    offsetTo: o.getFirstProperty('tzoffsetto').toICALString().split(':').pop(),
  })),
}));

process.stdout.write(JSON.stringify({
  version: text(root, 'version'),
  prodid: text(root, 'prodid'),
  calscale: text(root, 'calscale'),
  method: text(root, 'method'),
  name: text(root, 'name'),
  wrCalname: text(root, 'x-wr-calname'),
  wrTimezone: text(root, 'x-wr-timezone'),
  refreshInterval: text(root, 'refresh-interval'),
  timezones,
  events,
}));
