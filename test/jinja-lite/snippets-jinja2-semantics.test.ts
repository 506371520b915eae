import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Differential, testData } from './differential-harness.js';

/** Each expected text is what Jinja2 3.1.6 (Python) renders for the template; both paths must render it. */
const h = new Differential({ extraGlobals: testData });

test("a chain of comparisons is Jinja's: `a < b == c` is `a < b and b == c` (JavaScript's gave 1 < 2 == true True)", () => {
  assert.equal(h.same('{{ 1 < 2 == true }}|{{ 1 < 2 < 3 }}|{{ 3 > 2 > 1 }}|{{ 1 < 3 < 2 }}|{{ 1 == 1 == 1 }}|{{ [1] == [1] == [1] }}|{{ 1 + 1 == 2 == 2.0 }}'),
    'False|True|True|False|True|True|True');
  assert.equal(h.same("{{ 1 > 2 < (1 / 0) }}|{{ 1 < 2 < 3 and 2 == 2 }}|{{ not 1 < 2 < 3 }}|{{ 'a' < 'b' <= 'b' }}|{% if 0 < n <= 3 %}in{% else %}out{% endif %}"),
    'False|True|False|True|in');
});
