#!/usr/bin/env node
// Summarise an EPUBCheck JSON report (written with `--json FILE`).
//
// usage: node epubcheck-report.js REPORT.json
//
// Prints one summary line, e.g.
//   epubcheck 5.1.0: 0 fatal, 0 errors, 0 warnings, 0 usage, 0 info
// followed by one indented line per reported message (and location), and
// exits 1 if EPUBCheck reported any message at all, whatever its severity.
// Exits 2 if the report cannot be read.
'use strict';
const { MAX_LINES, readReport } = require('./report');

const report = readReport(process.argv[2], 'epubcheck: cannot read JSON report');
const checker = report.checker || {};
const messages = Array.isArray(report.messages) ? report.messages : [];

// Count occurrences per severity from the messages themselves (a message
// with several locations counts once per location), and take the larger of
// that and EPUBCheck's own counters so that nothing is under-reported.
const counted = { FATAL: 0, ERROR: 0, WARNING: 0, USAGE: 0, INFO: 0 };
for (const m of messages) {
  const sev = String(m.severity || 'UNKNOWN').toUpperCase();
  const n = Math.max(1, Array.isArray(m.locations) ? m.locations.length : 0) + (m.additionalLocations || 0);
  counted[sev] = (counted[sev] || 0) + n;
}
const fatal = Math.max(counted.FATAL, checker.nFatal || 0);
const errors = Math.max(counted.ERROR, checker.nError || 0);
const warnings = Math.max(counted.WARNING, checker.nWarning || 0);
const usage = Math.max(counted.USAGE, checker.nUsage || 0);
const info = counted.INFO;
const other = Object.entries(counted)
  .filter(([k]) => !['FATAL', 'ERROR', 'WARNING', 'USAGE', 'INFO'].includes(k))
  .reduce((a, [, v]) => a + v, 0);

let line = `epubcheck ${checker.checkerVersion || '?'}: ${fatal} fatal, ${errors} errors, ${warnings} warnings, ${usage} usage, ${info} info`;
if (other) line += `, ${other} other`;
console.log(line);

let printed = 0;
const order = { FATAL: 0, ERROR: 1, WARNING: 2, USAGE: 3, INFO: 4 };
const sorted = messages.slice().sort((a, b) => (order[a.severity] ?? 9) - (order[b.severity] ?? 9));
for (const m of sorted) {
  const locs = Array.isArray(m.locations) && m.locations.length ? m.locations : [{}];
  for (const l of locs) {
    if (printed >= MAX_LINES) break;
    let where = l.path || '(publication)';
    if (l.line > 0) where += `:${l.line}`;
    if (l.column > 0) where += `:${l.column}`;
    console.log(`${m.severity}(${m.ID}) ${where}: ${m.message}${m.suggestion ? ` [${m.suggestion}]` : ''}`);
    printed++;
  }
  if (m.additionalLocations > 0 && printed < MAX_LINES) {
    console.log(`... and ${m.additionalLocations} more location(s) for ${m.ID}`);
    printed++;
  }
}
if (printed >= MAX_LINES) console.log(`... (output cut after ${MAX_LINES} lines)`);

process.exit(fatal + errors + warnings + usage + info + other + messages.length > 0 ? 1 : 0);
