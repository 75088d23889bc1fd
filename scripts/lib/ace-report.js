#!/usr/bin/env node
// Summarise an Ace by DAISY report.json.
//
// usage: node ace-report.js REPORT.json
//
// Ace's report is an EARL tree: report["assertions"] holds one assertion per
// checked resource (content document or package document), and each of those
// holds its own "assertions" list: the individual rule violations, each with
// earl:result.earl:outcome == "fail" and an earl:test.earl:impact of
// critical / serious / moderate / minor. The top-level earl:result says
// "pass" or "fail" for the whole publication.
//
// Prints one summary line, e.g.
//   ace 1.4.6: 0 violations (0 critical, 0 serious, 0 moderate, 0 minor)
// followed by one indented line per violation, and exits 1 if there is any
// violation at any impact (or the publication's outcome is not "pass").
// Exits 2 if the report cannot be read.
'use strict';
const { MAX_LINES, readReport } = require('./report');

const report = readReport(process.argv[2], 'ace: cannot read report');

const outcome = (report['earl:result'] || {})['earl:outcome'];
const by = report['earl:assertedBy'] || {};
const version = ((by['doap:release'] || {})['doap:revision']) || '?';
const impacts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
const lines = [];
let total = 0;

function walk(list, subject) {
  for (const a of list || []) {
    const subj = (a['earl:testSubject'] || {}).url || subject;
    const res = a['earl:result'] || {};
    const test = a['earl:test'];
    if (test && res['earl:outcome'] === 'fail') {
      total++;
      const impact = String(test['earl:impact'] || 'unknown');
      impacts[impact] = (impacts[impact] || 0) + 1;
      const desc = String(res['dct:description'] || test['dct:description'] || '').split('\n')[0];
      const css = ((res['earl:pointer'] || {}).css || []).join(', ');
      lines.push(`${impact} ${test['dct:title'] || '?'} in ${subj}${css ? ` (${css})` : ''}: ${desc}`);
    }
    if (Array.isArray(a.assertions)) walk(a.assertions, subj);
  }
}
walk(report.assertions, '(publication)');

const parts = Object.entries(impacts).map(([k, v]) => `${v} ${k}`).join(', ');
console.log(`ace ${version}: ${total} violations (${parts})${outcome === 'pass' ? '' : `, outcome ${outcome}`}`);
for (const l of lines.slice(0, MAX_LINES)) console.log(l);
if (lines.length > MAX_LINES) console.log(`... (output cut after ${MAX_LINES} lines)`);

process.exit(total > 0 || outcome !== 'pass' ? 1 : 0);
