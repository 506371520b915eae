import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateServerError, serverErrorPosition } from '../../core/amp/check/locate-server-error.js';
import type { ModelFile } from '../../core/project/project-types.js';

const file = (content: string) => ({ name: 'm', path: 'models/m.sql', folders: [], modelPath: 'models', content }) as ModelFile;
const model = file("{{ config(materialized='table') }}\nselect block_num,\n  nosuchfn(block_num) as x,\n  minerr\nfrom {{ ref('blocks') }}\n");

test("a server error is placed where the model's file writes what it names", () => {
  assert.deepEqual(serverErrorPosition(model, 'Catalog Error: Scalar Function with name nosuchfn does not exist!\nLINE 16: nosuchfn(block_num)'), { line: 3, column: 3 });
  assert.deepEqual(serverErrorPosition(model, 'Binder Error: Referenced column "minerr" not found in FROM clause!'), { line: 4, column: 3 });
  assert.equal(serverErrorPosition(model, 'connection reset by peer'), null, 'nothing named: no position');
  assert.deepEqual(locateServerError(model, 'models/m.sql', 'connection reset by peer'), { file: 'models/m.sql', line: 1, column: 1 });
});
