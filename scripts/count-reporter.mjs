// node:test reporter that counts leaf tests (suites are not counted) and writes
// one JSON line {passed, failed, skipped} when the run ends.
export default async function* countReporter(source) {
  const c = { passed: 0, failed: 0, skipped: 0 };
  for await (const ev of source) {
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    const d = ev.data;
    if (d.details?.type === 'suite') {
      // A suite that failed outside its tests (a hook threw) is one failure.
      if (ev.type === 'test:fail' && d.details?.error?.failureType !== 'subtestsFailed') c.failed++;
      continue;
    }
    if (d.skip || d.todo) c.skipped++;
    else if (ev.type === 'test:pass') c.passed++;
    else c.failed++;
  }
  yield `${JSON.stringify(c)}\n`;
}
