// Shared by the Node sessions: the server's address from argv (port, database), equal()/check() that
// end the session with exit 1 and the reason on the first mismatch, and run() for the session's body.
'use strict';
const util = require('node:util');

function address() {
  if (process.argv.length !== 4) {
    console.log(`usage: node ${process.argv[1]} PORT DATABASE`);
    process.exit(2);
  }
  return { port: Number(process.argv[2]), database: process.argv[3] };
}

class Mismatch extends Error {}

function check(condition, what, actual) {
  if (!condition) throw new Mismatch(what + (actual === undefined ? '' : `\n  actual: ${util.inspect(actual, { depth: 5 })}`));
}

function equal(actual, expected, what) {
  check(util.isDeepStrictEqual(actual, expected), `${what}: expected ${util.inspect(expected, { depth: 5 })}`, actual);
}

// Expects the promise to fail with the MySQL error code (errno).
async function refused(promise, errno, what) {
  try {
    await promise;
  } catch (e) {
    equal(e.errno ?? e.parent?.errno ?? e.original?.errno, errno, `${what}: error code`);
    return;
  }
  throw new Mismatch(`${what}: expected error ${errno}, it succeeded`);
}

function run(body) {
  body().then(() => {
    console.log('ok');
    process.exit(0);
  }, (e) => {
    console.log(e instanceof Mismatch ? `MISMATCH: ${e.message}`
      : `ERROR: ${e.original?.sqlMessage ?? e.message} (${e.original?.errno ?? e.errno ?? ''})\n  sql: ${e.sql ?? ''}\n${e.stack}`);
    process.exit(1);
  });
}

module.exports = { address, check, equal, refused, run };
