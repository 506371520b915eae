import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Differential, testData } from './differential-harness.js';
import { RandomTemplate } from './random-template.js';

/** Cases per seed; raise with JINJA_LITE_FUZZ=<n> for a longer run. */
const CASES = Number(process.env.JINJA_LITE_FUZZ ?? 1500);

for (const seed of [1, 2, 3]) {
  test(`random templates render identically or are declined (seed ${seed})`, () => {
    const gen = new RandomTemplate(seed);
    // A random macros file nunjucks accepts (retry until it does).
    let h: Differential;
    let macros: ReturnType<RandomTemplate['macroFile']>['macros'];
    for (let attempt = 0; ; attempt++) {
      const file = gen.macroFile(6);
      h = new Differential({ extraGlobals: testData, vars: { v: 'var-v' }, macroFiles: [{ path: 'macros/generated.sql', content: file.content }] });
      macros = file.macros;
      if (h.brokenMacroFiles.length === 0 && h.liteEnv.macros.size >= 3) break;
      assert.ok(attempt < 500, 'no random macros file that nunjucks accepts and lite mostly supports');
    }
    const tally = { lite: 0, bothFail: 0, declined: 0 };
    for (let i = 0; i < CASES; i++) {
      const template = gen.template(macros);
      const { lite, nunjucks } = h.compare(template, i % 2 === 1);
      if (lite.kind === 'rendered') tally.lite++;
      else if (!nunjucks.ok) tally.bothFail++;
      else tally.declined++;
    }
    // The generator mostly stays inside the subset: make sure lite was really exercised. (An undefined name in
    // arithmetic or a comparison raises, as in Jinja2, and so do operands of types Python does not combine,
    // `s * 2.5`, `lst < n`: a good part of the templates fail on both paths.)
    assert.ok(tally.lite > CASES * 0.2, JSON.stringify(tally));
    assert.ok(h.liteEnv.macros.size + h.liteEnv.unsupportedMacros.size === 6, 'generated macros installed');
  });
}
