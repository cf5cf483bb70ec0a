// Read the site's feeds and calendars with parsers independent of the Python ones the
// tests use (feedparser, icalendar): rss-parser for RSS, ical.js (Mozilla's) for iCalendar.
// Usage: node read.mjs rss|ics FILE...  -> one JSON object per file on stdout.
import { readFileSync } from "node:fs"
import Parser from "rss-parser"
import ICAL from "ical.js"

const [kind, ...files] = process.argv.slice(2)
const out = {}
for (const file of files) {
  const text = readFileSync(file, "utf8")
  if (kind === "rss") {
    const feed = await new Parser().parseString(text)
    out[file] = {
      title: feed.title,
      items: feed.items.map((i) => ({ guid: i.guid, title: i.title, link: i.link, date: i.isoDate,
                                      categories: i.categories || [] })),
    }
  } else if (kind === "ics") {
    const calendar = new ICAL.Component(ICAL.parse(text))
    out[file] = {
      name: calendar.getFirstPropertyValue("x-wr-calname"),
      events: calendar.getAllSubcomponents("vevent").map((c) => {
        const e = new ICAL.Event(c)
        return { uid: e.uid, summary: e.summary, start: e.startDate.toString(), end: e.endDate && e.endDate.toString(),
                 allDay: e.startDate.isDate, sequence: c.getFirstPropertyValue("sequence"),
                 alarms: c.getAllSubcomponents("valarm").length }
      }),
    }
  } else {
    throw new Error(`unknown kind ${kind}`)
  }
}
process.stdout.write(JSON.stringify(out))
