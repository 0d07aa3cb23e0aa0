import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyPath,
  dropInDirNames,
  loadDropIns,
  lookupAll,
  loadUnit,
  resolveUnitRef,
} from '../../../../src/languages/quadlet/files';
import { memFiles } from './helpers';

describe('Quadlet files', () => {
  it('classifies units, drop-ins (named, type-wide, truncated) and .quadlets', () => {
    assert.deepEqual(classifyPath('/q/web.container'), {
      kind: 'unit',
      type: 'container',
      name: 'web.container',
      dir: '/q',
    });
    assert.deepEqual(classifyPath('/q/web.container.d/10-x.conf'), {
      kind: 'dropin',
      type: 'container',
      target: 'web.container',
      dir: '/q',
    });
    assert.deepEqual(classifyPath('/q/container.d/10-x.conf'), {
      kind: 'dropin',
      type: 'container',
      target: 'container',
      dir: '/q',
    });
    assert.deepEqual(classifyPath('/q/foo-.pod.d/a.conf'), {
      kind: 'dropin',
      type: 'pod',
      target: 'foo-.pod',
      dir: '/q',
    });
    assert.equal(classifyPath('/q/app.quadlets')?.kind, 'quadlets');
    assert.equal(classifyPath('/etc/systemd/system/x.service.d/a.conf'), undefined);
    assert.equal(classifyPath('/q/notes.txt'), undefined);
  });

  it('lists drop-in folders from least to most specific', () => {
    assert.deepEqual(dropInDirNames('foo-bar-baz.container'), [
      'container.d',
      'foo-.container.d',
      'foo-bar-.container.d',
      'foo-bar-baz.container.d',
    ]);
    assert.deepEqual(dropInDirNames('sleep@10.container'), [
      'container.d',
      'sleep@.container.d',
      'sleep@10.container.d',
    ]);
  });

  it('merges drop-ins by file name, the more specific folder winning', async () => {
    const files = memFiles({
      '/q/foo-bar.container': '[Container]\nImage=a\n',
      '/q/container.d/10-x.conf': '[Container]\nLabel=from=type\n',
      '/q/foo-.container.d/10-x.conf': '[Container]\nLabel=from=prefix\n',
      '/q/foo-bar.container.d/20-y.conf': '[Container]\nLabel=from=unit\n',
      '/q/foo-bar.container.d/05-reset.conf': '[Container]\nEnvironment=A=1\n',
    });
    const d = await loadDropIns('/q/foo-bar.container', files);
    assert.deepEqual(
      d.map((x) => x.path),
      ['/q/foo-bar.container.d/05-reset.conf', '/q/foo-.container.d/10-x.conf', '/q/foo-bar.container.d/20-y.conf'],
    );
    const m = (await loadUnit('/q/foo-bar.container', '[Container]\nImage=a\nLabel=main=1\n', files))!;
    assert.deepEqual(
      lookupAll(m, 'Container', 'Label').map((e) => e.value),
      ['main=1', 'from=prefix', 'from=unit'],
    );
  });

  it('an empty assignment clears a list', async () => {
    const m = (await loadUnit('/q/a.container', '[Container]\nLabel=a=1\nLabel=\nLabel=b=2\n', memFiles({})))!;
    assert.deepEqual(
      lookupAll(m, 'Container', 'Label').map((e) => e.value),
      ['b=2'],
    );
  });

  it('resolves references in the folder, the search path and templates', async () => {
    const files = memFiles({ '/q/web.pod': '', '/etc/containers/systemd/db.volume': '', '/q/data@.volume': '' });
    assert.equal(await resolveUnitRef('web.pod', '/q/a.container', files, []), '/q/web.pod');
    assert.equal(
      await resolveUnitRef('db.volume', '/q/a.container', files, ['/etc/containers/systemd']),
      '/etc/containers/systemd/db.volume',
    );
    assert.equal(await resolveUnitRef('data@%i.volume', '/q/a.container', files, []), '/q/data@.volume');
    assert.equal(await resolveUnitRef('nope.network', '/q/a.container', files, []), undefined);
  });
});
