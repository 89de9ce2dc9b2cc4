// npm test's first stage: the given npm scripts (lint, typecheck) side by side, one core each instead of one after
// the other; each one's output is printed whole when it ends, and the stage fails when any of them fails.
const { spawn } = require('node:child_process');

const scripts = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const began = Date.now();

Promise.all(
  scripts.map(
    (script) =>
      new Promise((resolve) => {
        const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        const output = [];
        child.stdout.on('data', (chunk) => output.push(chunk));
        child.stderr.on('data', (chunk) => output.push(chunk));
        child.on('error', (err) => output.push(Buffer.from(`${err.message}\n`)));
        child.on('close', (code, signal) => {
          const seconds = ((Date.now() - began) / 1000).toFixed(1);
          const verdict = code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`;
          process.stdout.write(`${Buffer.concat(output).toString()}[${script}] ${verdict} in ${seconds} s\n`);
          resolve(code === 0);
        });
      }),
  ),
).then((results) => {
  process.exitCode = results.every(Boolean) ? 0 : 1;
});
