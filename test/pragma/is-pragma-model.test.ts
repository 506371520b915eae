import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPragmaModel } from '../../core/pragma/pragma-model.js';

test('header pragmas make a pragma model', () => {
  assert.equal(isPragmaModel("-- @config: materialized='table'\nselect 1"), true);
  assert.equal(isPragmaModel('-- A model\n\n  --@import : a = models.x.y\nselect :a'), true);
});

test('a line starting with #if makes a pragma model', () => {
  assert.equal(isPragmaModel('select 1\n  #if is_incremental\nwhere x\n#endif'), true);
  assert.equal(isPragmaModel('#if(is_incremental)\nselect 1\n#endif'), true);
});

test('plain SQL and Jinja are not pragma models', () => {
  assert.equal(isPragmaModel("{{ config(materialized='table') }}\nselect 1"), false);
  assert.equal(isPragmaModel('select 1 -- @config: x=1'), false);
  assert.equal(isPragmaModel("select 1\n-- @config: materialized='table'"), false);
  assert.equal(isPragmaModel("/* -- @config: a=1 */\nselect 1"), false);
  assert.equal(isPragmaModel('-- @author: me\nselect 1'), false);
  assert.equal(isPragmaModel("select '#if x' #if y"), false);
  assert.equal(isPragmaModel('#ifdef x'), false);
  assert.equal(isPragmaModel(''), false);
});
