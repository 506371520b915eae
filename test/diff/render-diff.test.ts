import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffManifests } from '../../core/diff/diff-manifests.js';
import { renderDiffMarkdown } from '../../core/diff/render-diff-markdown.js';
import { renderDiffText } from '../../core/diff/render-diff-text.js';
import { renderFixture } from './render-fixture.js';

const labels = { base: { ref: 'prod' }, head: { ref: 'HEAD' } };
const { base, head } = renderFixture();

test('markdown: summary table, reasons, mermaid graph and a collapsible SQL diff per changed model', () => {
  assert.equal(renderDiffMarkdown(diffManifests(base, head), labels), `### amp-dbt diff

**base** \`prod\` (\`111111111111\`) → **head** \`HEAD\` (\`222222222222\`)

| change | models |
| --- | ---: |
| modified | 1 |
| downstream (a parent changed) | 1 |
| added | 1 |
| removed | 1 |
| formatting only (comments, whitespace) | 1 |
| **affected** (changed and downstream) | **5** |

Comment or whitespace edits only (the data does not change): \`stg_orders\`.

Vars changed: \`min_amount\` \`10\` → \`20\`.

| model | change | why | SQL |
| --- | --- | --- | --- |
| \`stg_orders\` | formatting only | body | +1 −1 |
| \`customers\` | added |  | +2 −0 |
| \`legacy\` | removed |  | +0 −1 |
| \`orders\` | modified | config (\`materialized\`), var (\`min_amount\`) | +1 −1 |

<details>
<summary>1 downstream model (a parent changed; the SQL is the same)</summary>

\`totals\`

</details>

#### Affected models (5)

\`\`\`mermaid
flowchart LR
  m_customers["customers"]:::added
  m_legacy["legacy"]:::removed
  m_orders["orders"]:::modified
  m_stg_orders["stg_orders"]:::formatting
  m_totals["totals"]:::downstream
  m_orders --> m_totals
  m_stg_orders --> m_customers
  m_stg_orders --> m_legacy
  m_stg_orders --> m_orders
  classDef added fill:#d9f0d3,stroke:#4e9a06,stroke-width:2px
  classDef removed fill:#fde0dd,stroke:#cc0000,stroke-dasharray:4 4
  classDef modified fill:#fdf2d0,stroke:#c4a000,stroke-width:2px
  classDef downstream fill:#ffffff,stroke:#c4a000
  classDef formatting fill:#ffffff,stroke:#888888,stroke-dasharray:2 2
\`\`\`

<details>
<summary><code>stg_orders</code> formatting only: body (+1 −1)</summary>

\`models/stg_orders.sql\`

- body: the model's file changed (comments or whitespace only: the data is unchanged)

\`\`\`diff
--- a/models/stg_orders.sql
+++ b/models/stg_orders.sql
@@ -1,2 +1,2 @@
--- raw orders
+-- raw orders, from the shop
 select 1 as id, 5 as amount
\`\`\`

</details>

<details>
<summary><code>customers</code> added (+2 −0)</summary>

\`models/customers.sql\`

\`\`\`diff
--- /dev/null
+++ b/models/customers.sql
@@ -0,0 +1,2 @@
+select distinct id
+from stg_orders
\`\`\`

</details>

<details>
<summary><code>legacy</code> removed (+0 −1)</summary>

\`models/legacy.sql\`

\`\`\`diff
--- a/models/legacy.sql
+++ /dev/null
@@ -1,1 +0,0 @@
-select * from stg_orders
\`\`\`

</details>

<details>
<summary><code>orders</code> modified: config, var (+1 −1)</summary>

\`models/orders.sql\` · fingerprint \`bbbbbbbbbbbb\` → \`ffffffffffff\`

- config: \`materialized\` \`"view"\` → \`"table"\`
- var: \`min_amount\` \`10\` → \`20\`

\`\`\`diff
--- a/models/orders.sql
+++ b/models/orders.sql
@@ -1,3 +1,3 @@
 select id, amount * 100 as cents
 from stg_orders
-where amount > 10
+where amount > 20
\`\`\`

</details>

<sub>0 of 5 models unchanged. SQL is the compiled SQL with references shown as model names.</sub>
`);
});

test('markdown over its limit: the graph and the text-only sections go before the modified model', () => {
  assert.equal(renderDiffMarkdown(diffManifests(base, head), labels, { limit: 1500 }), `### amp-dbt diff

**base** \`prod\` (\`111111111111\`) → **head** \`HEAD\` (\`222222222222\`)

| change | models |
| --- | ---: |
| modified | 1 |
| downstream (a parent changed) | 1 |
| added | 1 |
| removed | 1 |
| formatting only (comments, whitespace) | 1 |
| **affected** (changed and downstream) | **5** |

Comment or whitespace edits only (the data does not change): \`stg_orders\`.

Vars changed: \`min_amount\` \`10\` → \`20\`.

> [!WARNING]
> Shortened to stay under 1,500 characters: left out the graph of affected models; left out the details of 3 models. Run \`amp-dbt diff --base prod --head HEAD\` to see everything.

| model | change | why | SQL |
| --- | --- | --- | --- |
| \`stg_orders\` | formatting only | body | +1 −1 |
| \`customers\` | added |  | +2 −0 |
| \`legacy\` | removed |  | +0 −1 |
| \`orders\` | modified | config (\`materialized\`), var (\`min_amount\`) | +1 −1 |

<details>
<summary>1 downstream model (a parent changed; the SQL is the same)</summary>

\`totals\`

</details>

<details>
<summary><code>orders</code> modified: config, var (+1 −1)</summary>

\`models/orders.sql\` · fingerprint \`bbbbbbbbbbbb\` → \`ffffffffffff\`

- config: \`materialized\` \`"view"\` → \`"table"\`
- var: \`min_amount\` \`10\` → \`20\`

\`\`\`diff
--- a/models/orders.sql
+++ b/models/orders.sql
@@ -1,3 +1,3 @@
 select id, amount * 100 as cents
 from stg_orders
-where amount > 10
+where amount > 20
\`\`\`

</details>

<sub>0 of 5 models unchanged. SQL is the compiled SQL with references shown as model names.</sub>
`);
});

test('text: one line per changed model, downstream models folded; then the SQL diffs, unless --stat', () => {
  const text = renderDiffText(diffManifests(base, head), labels);
  assert.match(text, /^vars: min_amount 10 -> 20\n\n--- a\/models\/stg_orders\.sql\n\+\+\+ b\/models\/stg_orders\.sql\n@@ /m);
  assert.match(text, /\n-where amount > 10\n\+where amount > 20\n$/);
  assert.equal((text.match(/^\+\+\+ /gm) ?? []).length, 4, 'a diff per changed model with SQL text changes');
  assert.equal(renderDiffText(diffManifests(base, head), labels, true), `diff prod (111111111111) -> HEAD (222222222222): 1 modified, 1 downstream, 1 added, 1 removed, 1 formatting only; 5 affected
  = stg_orders  formatting only: body (comments or whitespace only: data unchanged)  +1 -1
  + customers   added  +2 -0
  - legacy      removed  +0 -1
  ~ orders      modified: config (materialized "view" -> "table"), var (min_amount 10 -> 20)  +1 -1
  ~ downstream (a parent changed): totals
vars: min_amount 10 -> 20
`);
});

test('markdown and text for manifests without changes', () => {
  const diff = diffManifests(base, { ...base, commit: '3'.repeat(40) });
  assert.equal(renderDiffMarkdown(diff, labels), `### amp-dbt diff\n\n**base** \`prod\` (\`111111111111\`) → **head** \`HEAD\` (\`333333333333\`)\n\nNo model changed (4 models compared).\n`);
  assert.equal(renderDiffText(diff, labels), 'diff prod (111111111111) -> HEAD (333333333333): no changes (4 models)\n');
});

test("the 'other' reason never says the model's file is unchanged (a comment edited with a source moved, say)", async () => {
  const { describeReasons } = await import('../../core/diff/describe-change.js');
  const diff = {
    name: 'orders', change: 'modified' as const, reasons: ['other' as const], path: 'models/orders.sql', materialized: 'view',
    fingerprint: { base: 'a', head: 'b' }, changedParents: [], configChanges: [], varChanges: [], macroFiles: [],
    sqlDiff: { text: '-- a\n+-- b\n', added: 1, removed: 1 },
  };
  const [line] = describeReasons(diff);
  assert.match(line, /^other: changed for none of the reasons a manifest records .*: most often a relation it reads changed, a source's or a seed's schema or identifier; its SQL text differs as shown$/);
  assert.doesNotMatch(describeReasons({ ...diff, sqlDiff: null })[0], /not its file|SQL text differs/);
});
