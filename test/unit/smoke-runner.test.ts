import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_LIVE_DATA } from '../../src/languages/types';

describe('test runner', () => {
  it('runs TypeScript tests through tsx', () => {
    assert.deepEqual(EMPTY_LIVE_DATA.images, []);
  });
});
