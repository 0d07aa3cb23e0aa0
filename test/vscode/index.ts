// Entry of the extension-host tests (the @vscode/test-electron contract: export run()).
// scripts/run-vscode-tests.mjs loads it inside a real VS Code (code-server) and reads the
// `PW_TEST_RESULT {...}` line this prints.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.PODMAN_WORKBENCH_TEST_GREP;
  if (grep) mocha.grep(grep);
  // Define describe/it before the suites are evaluated (they are bundled and loaded lazily).
  mocha.suite.emit('pre-require', globalThis, 'suites', mocha);
  // PODMAN_WORKBENCH_TEST_SUITE=trust: the Workspace Trust run (an untrusted folder), else every suite.
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (process.env.PODMAN_WORKBENCH_TEST_SUITE === 'trust') require('./trust.test');
  else require('./suites');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const counts = { passed: 0, failed: 0, skipped: 0 };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => counts.passed++);
    runner.on('fail', (test) => {
      counts.failed++;
      if ((test.type as string) === 'hook') console.error(`hook failed: ${test.fullTitle()}`);
    });
    runner.on('pending', () => counts.skipped++);
  });
  console.log(`PW_TEST_RESULT ${JSON.stringify(counts)}`);
  if (counts.failed > 0) throw new Error(`${counts.failed} extension-host test(s) failed`);
}
