// Shared by the report scripts: read a validator's JSON report.
'use strict';
const fs = require('fs');

// MAX_LINES bounds the detail lines a report script prints.
const MAX_LINES = 200;

// readReport returns the parsed JSON report in file, or prints why it
// cannot and exits 2; what names the report in that message.
function readReport(file, what) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`${what} ${file}: ${e.message}`);
    process.exit(2);
  }
}

module.exports = { MAX_LINES, readReport };
